import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { getConversation } from "@/lib/messages/read/get-conversation";
import { conversationParams } from "@/lib/messages/schemas";

/** One conversation, with the caller's `unread_count`; 404 unless the signed-in user takes part in it. */
export const GET = apiRoute({ auth: true, params: conversationParams }, async ({ supabase, user, params }) =>
  NextResponse.json({ data: await getConversation(supabase, user.id, params.id) }),
);
