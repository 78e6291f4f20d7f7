import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { withIdempotencyKey } from "@/lib/http/idempotency-key";
import { appendMessage, listMessages } from "@/lib/messages/messages";
import { conversationParams, sendMessageInput } from "@/lib/messages/schemas";

/** The thread, oldest first. */
export const GET = apiRoute({ auth: true, params: conversationParams }, async ({ supabase, params }) =>
  NextResponse.json({ data: await listMessages(supabase, params.id) }),
);

/** A reply, stored exactly once per client_message_id (or Idempotency-Key): 201 when new, 200 when already stored. */
export const POST = apiRoute(
  { auth: true, params: conversationParams, body: sendMessageInput },
  async ({ request, supabase, user, params, input }) => {
    const sent = await appendMessage(supabase, user.id, params.id, withIdempotencyKey(request, input));
    return NextResponse.json({ data: sent.message }, { status: sent.replayed ? 200 : 201 });
  },
);
