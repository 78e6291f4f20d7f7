import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { markConversationRead } from "@/lib/messages/mark-conversation-read";
import { conversationParams } from "@/lib/messages/schemas";

/**
 * Marks the conversation read for the signed-in user: everything the other side has sent so far. Idempotent
 * (PUT): repeating it answers the same marker, and a marker never moves back. 404 unless the user takes part.
 */
export const PUT = apiRoute({ auth: true, params: conversationParams }, async ({ supabase, params }) =>
  NextResponse.json({ data: await markConversationRead(supabase, params.id) }),
);
