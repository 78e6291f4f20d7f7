import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { listMessagesAfter } from "@/lib/messages/list-messages-after";
import { listMessages } from "@/lib/messages/read/read-thread-page";
import { appendMessage } from "@/lib/messages/send/append-message";
import { conversationParams, listMessagesQuery, sendMessageInput } from "@/lib/messages/schemas";

/**
 * One page of the thread, oldest first: the newest messages, or those before `before` (`next` pages further
 * back), or those after `after` (`next` pages forward, null once the newest is included).
 */
export const GET = apiRoute(
  { auth: true, params: conversationParams, query: listMessagesQuery },
  async ({ supabase, params, input }) => {
    const page = input.after
      ? await listMessagesAfter(supabase, params.id, input.after, input.limit)
      : await listMessages(supabase, params.id, input);
    return NextResponse.json({ data: page.data, next: page.next });
  },
);

/** A reply, stored exactly once per client_message_id (or Idempotency-Key): 201 when new, 200 when already stored. */
export const POST = apiRoute(
  { auth: true, params: conversationParams, body: sendMessageInput, idempotencyKey: true },
  async ({ supabase, user, params, input }) => {
    const sent = await appendMessage(supabase, user.id, params.id, input);
    return NextResponse.json({ data: sent.message }, { status: sent.replayed ? 200 : 201 });
  },
);
