import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { listConversations } from "@/lib/messages/read/list-conversations";
import { openAgencyInquiry } from "@/lib/messages/send/open-agency-inquiry";
import { listConversationsQuery, openConversationInput } from "@/lib/messages/schemas";
import { api } from "@/lib/paths";

/**
 * One page of the conversations the signed-in user takes part in, newest first; with a context: the one they
 * started about it. `next` is the `before` cursor of the following page (null on the last).
 */
export const GET = apiRoute({ auth: true, query: listConversationsQuery }, async ({ supabase, user, input }) => {
  const page = await listConversations(supabase, user.id, input);
  return NextResponse.json({ data: page.data, next: page.next });
});

/**
 * Opens (or finds) the user's conversation with an agency and stores the typed message in it exactly once per
 * `client_message_id` (or `Idempotency-Key` header).
 */
export const POST = apiRoute(
  { auth: true, body: openConversationInput, idempotencyKey: true },
  async ({ supabase, user, input }) => {
    const opened = await openAgencyInquiry(supabase, user.id, input);
    const { conversation, message, messageReplayed } = opened;
    const body = { data: { ...conversation, message, message_replayed: messageReplayed } };
    if (!opened.created) return NextResponse.json(body, { status: 200 });
    return NextResponse.json(body, { status: 201, headers: { Location: api.conversation(conversation.id) } });
  },
);
