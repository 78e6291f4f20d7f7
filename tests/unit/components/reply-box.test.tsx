// @vitest-environment jsdom
// @vitest-environment-options {"url":"http://localhost/messages/conversations/c0000000-0000-4000-8000-0000000000aa"}
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { delay, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReplyBox } from "@/components/messages/reply-box";
import { apiError, appApi } from "@/tests/support/msw/handlers/app-api";
import { server } from "@/tests/support/msw/server";
import { pathname, router } from "@/tests/support/next-navigation";

vi.mock("next/navigation", () => import("@/tests/support/next-navigation"));
pathname.current = "/messages";

const conversationId = "c0000000-0000-4000-8000-0000000000aa";
const viewer = "11111111-1111-4111-8111-111111111111";

function stored(status = 201) {
  return async (request: Request) => {
    const body = (await request.json()) as { body: string; client_message_id: string };
    await delay(20);
    return HttpResponse.json(
      { data: { id: crypto.randomUUID(), conversation_id: conversationId, ...body } },
      { status },
    );
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
});
afterEach(cleanup);

describe("ReplyBox", () => {
  it("sends a reply once however fast Send is clicked, then clears the box and refreshes the thread", async () => {
    const post = appApi.sendMessage(stored());
    server.use(post.handler);
    const user = userEvent.setup();
    render(<ReplyBox conversationId={conversationId} userId={viewer} />);
    const textarea = screen.getByLabelText("Message") as HTMLTextAreaElement;
    await user.type(textarea, "Line one{Enter}Line two");
    const send = screen.getByRole("button", { name: "Send" });

    act(() => {
      send.click();
      send.click();
    });

    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(1));
    expect(post.calls).toHaveLength(1);
    expect(post.calls[0]!.url.pathname).toBe(`/api/messages/conversations/${conversationId}/messages`);
    expect(post.calls[0]!.body).toMatchObject({ body: "Line one\nLine two", client_message_id: expect.any(String) });
    expect(textarea.value).toBe("");
    expect(screen.getByRole("button", { name: "Send" })).toHaveProperty("disabled", true); // empty box
  });

  it("uses a new client_message_id for the next reply, and the same one when retrying a failed reply", async () => {
    const post = appApi.sendMessage(
      stored(),
      () => apiError(503, "supabase_unavailable", "The database is unavailable."),
      stored(),
    );
    server.use(post.handler);
    const user = userEvent.setup();
    render(<ReplyBox conversationId={conversationId} userId={viewer} />);
    const textarea = screen.getByLabelText("Message");

    await user.type(textarea, "First");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(1));

    await user.type(textarea, "Second");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect((await screen.findByRole("alert")).textContent).toBe("The database is unavailable.");
    expect((textarea as HTMLTextAreaElement).value).toBe("Second");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(2));

    const ids = post.calls.map((call) => (call.body as { client_message_id: string }).client_message_id);
    expect(ids[1]).not.toBe(ids[0]);
    expect(ids[2]).toBe(ids[1]);
  });

  it("keeps a reply through the sign-in a 401 asks for, and sends it with the same client_message_id after", async () => {
    const post = appApi.sendMessage(() => apiError(401, "unauthorized", "Sign in to continue."), stored());
    server.use(post.handler);
    const user = userEvent.setup();
    const first = render(<ReplyBox conversationId={conversationId} userId={viewer} />);
    await user.type(screen.getByLabelText("Message"), "Are you still there?");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() =>
      expect(router.push).toHaveBeenCalledWith(
        `/login?next=${encodeURIComponent(`/messages/conversations/${conversationId}`)}`,
      ),
    );
    first.unmount();

    // Back from sign-in: the thread page renders the reply box again.
    render(<ReplyBox conversationId={conversationId} userId={viewer} />);
    await waitFor(() =>
      expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Are you still there?"),
    );
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(1));

    const ids = post.calls.map((call) => (call.body as { client_message_id: string }).client_message_id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(localStorage.length).toBe(0);
  });
});
