import { http, HttpResponse, type DefaultBodyType, type StrictRequest } from "msw";
import { newId } from "@/tests/support/factories/ids";
import { conversationRow, messageRow } from "@/tests/support/factories/rows";

/**
 * Our own API as the browser sees it (same origin, relative URLs; component tests run jsdom at
 * http://localhost/). Each resolver answers one request in order; every request is recorded.
 */
type Resolver = (request: StrictRequest<DefaultBodyType>) => Response | Promise<Response>;
export type RecordedCall = { method: string; url: URL; body: unknown };

export const CONVERSATIONS_PATH = "/api/messages/conversations";

function recorded(method: "get" | "post", path: string, resolvers: Resolver[]) {
  const calls: RecordedCall[] = [];
  const queue = [...resolvers];
  const handler = http[method](path, async ({ request }) => {
    const body =
      method === "post"
        ? await request
            .clone()
            .json()
            .catch(() => undefined)
        : undefined;
    calls.push({ method: request.method, url: new URL(request.url), body });
    const next = queue.shift();
    if (!next)
      return apiError(500, "internal_error", `unit test: unexpected ${request.method} ${path} #${calls.length}`);
    return next(request);
  });
  return { calls, handler };
}

export const appApi = {
  /** GET /api/messages/conversations (the "do I already talk to this agency?" check). */
  listConversations: (...resolvers: Resolver[]) => recorded("get", CONVERSATIONS_PATH, resolvers),
  /** POST /api/messages/conversations (open the conversation + first message). */
  openConversation: (...resolvers: Resolver[]) => recorded("post", CONVERSATIONS_PATH, resolvers),
  /** POST /api/messages/conversations/:id/messages (a reply). */
  sendMessage: (...resolvers: Resolver[]) => recorded("post", `${CONVERSATIONS_PATH}/:id/messages`, resolvers),
};

export function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status });
}

/** A 201/200 answer of POST /api/messages/conversations that echoes the sent message. */
export function openedConversation(id: string, status = 201) {
  return async (request: StrictRequest<DefaultBodyType>) => {
    const body = (await request.json()) as { context_id: string; initial_message: string; client_message_id: string };
    const senderId = newId();
    const message = messageRow({
      conversation_id: id,
      sender_id: senderId,
      body: body.initial_message.trim(),
      client_message_id: body.client_message_id,
    });
    const row = conversationRow({
      id,
      context_id: body.context_id,
      created_by: senderId,
      last_message_at: message.created_at,
    });
    return HttpResponse.json(
      {
        data: {
          ...row,
          message,
          message_replayed: status === 200,
        },
      },
      { status },
    );
  };
}
