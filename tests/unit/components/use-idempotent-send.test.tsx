// @vitest-environment jsdom
// @vitest-environment-options {"url":"http://localhost/agencies/acme-travel"}
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReplyBox } from "@/components/messages/reply-box";
import { SendMessageButton } from "@/components/messages/send-message-button";
import { OFFLINE_MESSAGE } from "@/components/messages/use-idempotent-send";
import { agencyDraftKey, loadDraft, replyDraftKey, saveDraft } from "@/lib/browser/draft-storage";
import { appApi, openedConversation } from "@/tests/support/msw/handlers/app-api";
import { server } from "@/tests/support/msw/server";
import { pathname, router } from "@/tests/support/next-navigation";

vi.mock("next/navigation", () => import("@/tests/support/next-navigation"));
pathname.current = "/agencies/acme-travel";

const agency = { id: "a0000000-0000-4000-8000-000000000001", name: "Acme Travel", slug: "acme-travel" };
const viewer = "11111111-1111-4111-8111-111111111111";
const threadId = "c0000000-0000-4000-8000-0000000000aa";
const draftKey = agencyDraftKey(viewer, agency.id);
const idOf = (call: { body: unknown }) => (call.body as { client_message_id: string }).client_message_id;

let online = true;
function goOnline() {
  online = true;
  act(() => {
    window.dispatchEvent(new Event("online"));
  });
}

async function openDialog() {
  server.use(appApi.listConversations(() => HttpResponse.json({ data: [] })).handler);
  const user = userEvent.setup();
  const view = render(<SendMessageButton agency={agency} userId={viewer} />);
  await user.click(screen.getByRole("button", { name: "Send message" }));
  const dialog = await screen.findByRole("dialog", { name: /Acme Travel/ });
  return { user, view, dialog, textarea: within(dialog).getByLabelText("Message") as HTMLTextAreaElement };
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  online = true;
  vi.spyOn(navigator, "onLine", "get").mockImplementation(() => online);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("the outbox: nothing typed is lost, nothing is stored twice", () => {
  it("keeps what is typed, with its id, before anything is sent", async () => {
    const { user, textarea } = await openDialog();
    await user.type(textarea, "Still typing");
    expect(loadDraft(draftKey)).toMatchObject({ text: "Still typing", clientMessageId: expect.any(String) });
  });

  it("after a lost answer and a reload, restores the text with the same id; the retry replays it", async () => {
    const post = appApi.openConversation(() => HttpResponse.error(), openedConversation(threadId, 200));
    server.use(post.handler);
    const { user, view, dialog, textarea } = await openDialog();
    await user.type(textarea, "Two adults, late June");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    await within(dialog).findByRole("alert");
    expect(loadDraft(draftKey)).toMatchObject({ text: "Two adults, late June", clientMessageId: idOf(post.calls[0]!) });

    view.unmount(); // the reload
    render(<SendMessageButton agency={agency} userId={viewer} />);
    const restored = await screen.findByRole("dialog", { name: /Acme Travel/ });
    expect((within(restored).getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Two adults, late June");
    await user.click(within(restored).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls.map(idOf)).toEqual([idOf(post.calls[0]!), idOf(post.calls[0]!)]);
    expect(loadDraft(draftKey), "cleared once stored").toBeNull();
  });

  it("offline: says it will be sent when the connection is back, then sends it once by itself, with the same id and the edited text", async () => {
    const post = appApi.openConversation(openedConversation(threadId));
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Offline question");
    online = false;
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    expect((await within(dialog).findByRole("alert")).textContent).toBe(OFFLINE_MESSAGE);
    expect(post.calls).toHaveLength(0);
    const saved = loadDraft(draftKey)!;
    await user.type(textarea, "!"); // still editable while waiting
    expect(loadDraft(draftKey)).toMatchObject({ text: "Offline question!", clientMessageId: saved.clientMessageId });

    goOnline();
    goOnline(); // a second event must not send it again

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/messages/conversations/${threadId}`));
    expect(post.calls).toHaveLength(1);
    expect(post.calls[0]!.body).toMatchObject({
      initial_message: "Offline question!",
      client_message_id: saved.clientMessageId,
    });
    expect(loadDraft(draftKey)).toBeNull();
  });

  it("a send that fails because the connection dropped waits for it too", async () => {
    const post = appApi.openConversation(
      () => {
        online = false;
        return HttpResponse.error();
      },
      openedConversation(threadId, 200),
    );
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Dropped");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe(OFFLINE_MESSAGE);

    goOnline();
    await waitFor(() => expect(router.push).toHaveBeenCalled());
    expect(post.calls.map(idOf)).toEqual([idOf(post.calls[0]!), idOf(post.calls[0]!)]);
  });

  it("offline: Discard drops the draft and nothing is sent when the connection is back", async () => {
    const post = appApi.openConversation();
    server.use(post.handler);
    const { user, dialog, textarea } = await openDialog();
    await user.type(textarea, "Never mind");
    online = false;
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    await user.click(await within(dialog).findByRole("button", { name: "Discard" }));

    goOnline();
    expect(loadDraft(draftKey)).toBeNull();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(post.calls).toHaveLength(0);
  });

  it("two tabs restoring the same draft send it with the same id: the server replays it, both show the thread", async () => {
    saveDraft({ key: draftKey, text: "Same draft", clientMessageId: "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d" });
    const post = appApi.openConversation(openedConversation(threadId, 201), openedConversation(threadId, 200));
    server.use(post.handler);
    render(<SendMessageButton agency={agency} userId={viewer} />);
    render(<SendMessageButton agency={agency} userId={viewer} />);
    const dialogs = await screen.findAllByRole("dialog", { name: /Acme Travel/ });
    expect(dialogs).toHaveLength(2);

    for (const dialog of dialogs) fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledTimes(2));
    expect(router.push).toHaveBeenNthCalledWith(2, `/messages/conversations/${threadId}`);
    expect(post.calls.map(idOf)).toEqual([
      "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d",
      "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d",
    ]);
  });

  it("closing the dialog of a draft restored after a reload keeps it: its send may have been stored", async () => {
    saveDraft({
      key: draftKey,
      text: "Sent before the reload?",
      clientMessageId: "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d",
    });
    const user = userEvent.setup();
    render(<SendMessageButton agency={agency} userId={viewer} />);
    await screen.findByRole("dialog", { name: /Acme Travel/ });
    await user.keyboard("{Escape}");

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(loadDraft(draftKey)).toMatchObject({
      text: "Sent before the reload?",
      clientMessageId: "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d",
    });
  });

  it("closing the dialog of a draft never sent gives it up", async () => {
    const { user, textarea } = await openDialog();
    await user.type(textarea, "Just looking");
    await user.keyboard("{Escape}");

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(loadDraft(draftKey)).toBeNull();
  });

  it("emptying the box leaves alone a draft another tab saved since under the same key", async () => {
    const { user, textarea } = await openDialog();
    await user.type(textarea, "x");
    saveDraft({
      key: draftKey,
      text: "The other tab's draft",
      clientMessageId: "9c6d1e2f-3a4b-4c6d-8b7a-3c1e5d2f4a8b",
    });
    await user.clear(textarea);

    expect(loadDraft(draftKey)).toMatchObject({ clientMessageId: "9c6d1e2f-3a4b-4c6d-8b7a-3c1e5d2f4a8b" });
  });

  it("a reply survives a reload and goes with the id it was saved with", async () => {
    const post = appApi.sendMessage(
      () => HttpResponse.error(),
      async (request) => {
        const body = (await request.json()) as { body: string; client_message_id: string };
        return HttpResponse.json(
          { data: { id: crypto.randomUUID(), conversation_id: threadId, ...body } },
          { status: 200 },
        );
      },
    );
    server.use(post.handler);
    const user = userEvent.setup();
    const first = render(<ReplyBox conversationId={threadId} userId={viewer} />);
    await user.type(screen.getByLabelText("Message"), "See you in May");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("alert");
    first.unmount();

    render(<ReplyBox conversationId={threadId} userId={viewer} />);
    await waitFor(() => expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("See you in May"));
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(1));
    expect(post.calls.map(idOf)).toEqual([idOf(post.calls[0]!), idOf(post.calls[0]!)]);
    expect(loadDraft(replyDraftKey(viewer, threadId))).toBeNull();
  });
});
