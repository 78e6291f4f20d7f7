import { NextRequest } from "next/server";
import { GET as listConversations, POST as postConversation } from "@/app/api/messages/conversations/route";
import { GET as getMessages, POST as postMessage } from "@/app/api/messages/conversations/[id]/messages/route";
import type { ErrorBody } from "@/lib/errors/error-body";
import type { Conversation, Message } from "@/lib/messages/types";
import type { TestUser } from "@/tests/integration/support/users";

type Answer<T> = { status: number; data: T; error: ErrorBody["error"] | undefined };
type OpenedConversation = Conversation & { message: Message; message_replayed: boolean };

const APP = "http://localhost:3000/api/messages/conversations";

function request(user: TestUser, url: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${user.accessToken}` };
  if (body === undefined) return new NextRequest(url, { headers });
  headers["content-type"] = "application/json";
  return new NextRequest(url, { method: "POST", headers, body: JSON.stringify(body) });
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const json = (await response.json()) as { data: T } & Partial<ErrorBody>;
  return { status: response.status, data: json.data, error: json.error };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

/** The real route handlers, called in-process; every Supabase call they make goes over HTTP to the stack. */
export const api = {
  list: async (user: TestUser, query: Record<string, string>) =>
    answer<Conversation[]>(await listConversations(request(user, `${APP}?${new URLSearchParams(query)}`))),
  openConversation: async (user: TestUser, body: Record<string, unknown>) =>
    answer<OpenedConversation>(await postConversation(request(user, APP, body))),
  reply: async (user: TestUser, conversationId: string, body: Record<string, unknown>) =>
    answer<Message>(
      await postMessage(request(user, `${APP}/${conversationId}/messages`, body), params(conversationId)),
    ),
  thread: async (user: TestUser, conversationId: string) =>
    answer<Message[]>(await getMessages(request(user, `${APP}/${conversationId}/messages`), params(conversationId))),
};
