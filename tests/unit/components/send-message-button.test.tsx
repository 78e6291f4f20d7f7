// @vitest-environment jsdom
// @vitest-environment-options {"url":"http://localhost/agencies/acme-travel"}
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { delay, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SendMessageButton } from "@/components/messages/send-message-button";
import { NETWORK_ERROR_MESSAGE } from "@/components/messages/use-idempotent-send";
import { agencyDraftKey, loadDraft, saveDraft } from "@/lib/browser/draft-storage";
import { newId } from "@/tests/support/factories/ids";
import { conversationRow } from "@/tests/support/factories/rows";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";
import { apiError, appApi, openedConversation } from "@/tests/support/msw/handlers/app-api";
import { server } from "@/tests/support/msw/server";
import { pathname, router } from "@/tests/support/next-navigation";

vi.mock("next/navigation", () => import("@/tests/support/next-navigation"));
pathname.current = "/agencies/acme-travel";

const agency = seededAgencies.acme;
const viewer = seededUsers.alice.id;
const draftKey = agencyDraftKey(viewer, agency.id);
const threadId = newId();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const noConversation = () => HttpResponse.json({ data: [] });
const never = async () => {
  await delay("infinite");
  return HttpResponse.json({ data: [] });
};

function setup(props: Partial<Parameters<typeof SendMessageButton>[0]> = {}) {
  const user = userEvent.setup();
  render(<SendMessageButton agency={agency} userId={viewer} {...props} />);
  return { user, button: screen.getByRole("button", { name: "Send message" }) };
}

async function openDialog(props: Partial<Parameters<typeof SendMessageButton>[0]> = {}) {
  const check = appApi.listConversations(noConversation);
  server.use(check.handler);
  const { user, button } = setup(props);
  await user.click(button);
  const dialog = await screen.findByRole("dialog", { name: /Acme Travel/ });
  return {
    user,
    button,
    dialog,
    textarea: within(dialog).getByLabelText("Message"),
    send: within(dialog).getByRole("button", { name: "Send" }),
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("SendMessageButton: the existing-conversation check", () => {
  it("goes straight to the existing thread without opening the dialog", async () => {
    const check = appApi.listConversations(() =>
      HttpResponse.json({ data: [conversationRow({ id: threadId, context_id: agency.id })] }),
    );
    server.use(check.handler);
    const { user, button } = setup();

    await user.click(button);

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(screen.queryByRole("dialog")).toBeNull();
    const query = check.calls[0]!.url.searchParams;
    expect(Object.fromEntries(query)).toEqual({ context_type: "agency_inquiry", context_id: agency.id, limit: "1" });
  });

  it("opens the compose dialog when there is no conversation yet, with focus in the message box", async () => {
    const { dialog, textarea } = await openDialog();
    expect(dialog).toBeInstanceOf(HTMLDialogElement);
    expect(dialog).toHaveProperty("open", true);
    await waitFor(() => expect(document.activeElement).toBe(textarea));
    expect(router.push).not.toHaveBeenCalled();
  });

  it("opens the dialog anyway and logs a warning when the check times out", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const check = appApi.listConversations(never);
    server.use(check.handler);
    const { user, button } = setup({ checkTimeoutMs: 50 });

    await user.click(button);

    expect(await screen.findByRole("dialog", { name: /Acme Travel/ })).toBeTruthy();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/longer than 50 ms/));
    expect(router.push).not.toHaveBeenCalled();
  });

  it("opens the dialog anyway when the check fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.use(appApi.listConversations(() => apiError(503, "supabase_unavailable", "Down")).handler);
    const { user, button } = setup();

    await user.click(button);

    expect(await screen.findByRole("dialog", { name: /Acme Travel/ })).toBeTruthy();
    expect(warn).toHaveBeenCalled();
  });

  it("sends a signed-out visitor to sign in and back to this agency", async () => {
    server.use(appApi.listConversations(() => apiError(401, "unauthorized", "Sign in to continue.")).handler);
    const { user, button } = setup();

    await user.click(button);

    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/login?next=%2Fagencies%2Facme-travel"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("is busy while checking and ignores further clicks", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const check = appApi.listConversations(never);
    server.use(check.handler);
    const { user, button } = setup({ checkTimeoutMs: 300 });

    await user.click(button);
    expect(button.getAttribute("aria-busy")).toBe("true");
    expect(screen.getByTestId("spinner")).toBeTruthy();
    await user.click(button);
    await user.click(button);

    await screen.findByRole("dialog");
    expect(check.calls).toHaveLength(1);
    expect(button.getAttribute("aria-busy")).toBe("false");
  });
});

describe("ComposeDialog: sending the first message", () => {
  it("a double-click on Send sends exactly one POST, then opens the thread", async () => {
    const post = appApi.openConversation(async (request) => {
      await delay(30);
      return openedConversation(threadId)(request);
    });
    server.use(post.handler);
    const { user, textarea, send } = await openDialog();
    await user.type(textarea, "Do you have rooms in June?");

    // Two clicks in the same tick, before React re-renders: only the ref guard can stop the second one.
    act(() => {
      send.click();
      send.click();
    });
    await user.dblClick(send);

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls).toHaveLength(1);
    expect(post.calls[0]!.body).toMatchObject({
      context_type: "agency_inquiry",
      context_id: agency.id,
      initial_message: "Do you have rooms in June?",
      client_message_id: expect.stringMatching(UUID),
    });
  });

  it("shows Sending… on a disabled Send button and marks the form busy while the POST is in flight", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      appApi.openConversation(async (request) => {
        await held;
        return openedConversation(threadId)(request);
      }).handler,
    );
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Hello");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    const sending = await within(dialog).findByRole("button", { name: /Sending…/ });
    expect(sending).toHaveProperty("disabled", true);
    expect(dialog.querySelector("form")!.getAttribute("aria-busy")).toBe("true");

    release();
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
  });

  it("keeps the text after a server error and retries with the same client_message_id", async () => {
    const post = appApi.openConversation(
      () => apiError(500, "internal_error", "Something went wrong on our side."),
      openedConversation(threadId, 200),
    );
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Are dogs allowed?");

    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    expect((await within(dialog).findByRole("alert")).textContent).toBe("Something went wrong on our side.");
    expect((textarea as HTMLTextAreaElement).value).toBe("Are dogs allowed?");
    expect(router.push).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls).toHaveLength(2);
    const [first, second] = post.calls.map((call) => (call.body as { client_message_id: string }).client_message_id);
    expect(first).toMatch(UUID);
    expect(second).toBe(first);
  });

  it("says the server could not be reached on a network error, and retries with the same id", async () => {
    const post = appApi.openConversation(() => HttpResponse.error(), openedConversation(threadId));
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Hi");

    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe(NETWORK_ERROR_MESSAGE);

    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    await waitFor(() => expect(router.push).toHaveBeenCalled());
    expect((post.calls[1]!.body as { client_message_id: string }).client_message_id).toBe(
      (post.calls[0]!.body as { client_message_id: string }).client_message_id,
    );
  });

  it("treats a send that times out like a network error and keeps the id", async () => {
    const post = appApi.openConversation(never, openedConversation(threadId));
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog({ sendTimeoutMs: 50 });
    await user.type(textarea, "Hi");

    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe(NETWORK_ERROR_MESSAGE);
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalled());
    const ids = post.calls.map((call) => (call.body as { client_message_id: string }).client_message_id);
    expect(ids[1]).toBe(ids[0]);
  });

  it("makes a new id after 409 idempotency_key_reused, telling the user the earlier text was delivered", async () => {
    const post = appApi.openConversation(
      () => apiError(409, "idempotency_key_reused", "This client_message_id was already used for a different message."),
      openedConversation(threadId),
    );
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Edited text");

    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect((await within(dialog).findByRole("alert")).textContent).toMatch(/already delivered/);
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalled());
    const ids = post.calls.map((call) => (call.body as { client_message_id: string }).client_message_id);
    expect(ids[1]).toMatch(UUID);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it("on 401 saves the draft with its client_message_id and goes to sign in", async () => {
    const post = appApi.openConversation(() => apiError(401, "unauthorized", "Sign in to continue."));
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Two adults,{Enter}late June");

    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/login?next=%2Fagencies%2Facme-travel"));
    const draft = loadDraft(draftKey);
    expect(draft).toMatchObject({ key: draftKey, text: "Two adults,\nlate June" });
    expect(draft!.clientMessageId).toBe((post.calls[0]!.body as { client_message_id: string }).client_message_id);
  });

  it("reopens the dialog with a saved draft after sign-in and sends it with the saved id", async () => {
    const savedId = newId();
    saveDraft({ key: draftKey, text: "Saved before sign-in", clientMessageId: savedId });
    const post = appApi.openConversation(openedConversation(threadId));
    server.use(post.handler);
    const user = userEvent.setup();
    render(<SendMessageButton agency={agency} userId={viewer} />);

    const dialog = await screen.findByRole("dialog", { name: /Acme Travel/ });
    expect((within(dialog).getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Saved before sign-in");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls[0]!.body).toMatchObject({ initial_message: "Saved before sign-in", client_message_id: savedId });
    expect(loadDraft(draftKey)).toBeNull();
  });

  it("sends with Ctrl+Enter", async () => {
    const post = appApi.openConversation(openedConversation(threadId));
    server.use(post.handler);
    const { user, textarea } = await openDialog();
    await user.type(textarea, "Quick question");
    await user.keyboard("{Control>}{Enter}{/Control}");

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls).toHaveLength(1);
  });

  it("counts characters live and refuses more than 4000", async () => {
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Hello");
    expect(within(dialog).getByText("5 / 4000 characters")).toBeTruthy();

    await user.clear(textarea);
    await user.click(textarea);
    await user.paste("x".repeat(4001));
    expect(within(dialog).getByText(/4001 \/ 4000 characters — too long/)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
  });

  it("closes on Escape and gives focus back to the button; the text survives reopening", async () => {
    const { user, button, textarea } = await openDialog();
    await user.type(textarea, "Not yet");
    await user.keyboard("{Escape}");

    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);

    server.use(appApi.listConversations(noConversation).handler);
    await user.click(button);
    const dialog = await screen.findByRole("dialog");
    expect((within(dialog).getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Not yet");
  });
});
