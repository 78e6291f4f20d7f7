import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readQuery } from "@/lib/http/read-query";
import { listConversations, openAgencyInquiry } from "@/lib/messages/conversations";
import { listConversationsQuery, openConversationInput } from "@/lib/messages/schemas";

/**
 * One page of the conversations the signed-in user takes part in, newest first; with a context: the one they
 * started about it. `next` is the `before` cursor of the following page (null on the last).
 */
export const GET = apiRoute(async (request: NextRequest) => {
  const query = readQuery(request.nextUrl, listConversationsQuery);
  const auth = await authenticateRequest(request);
  const page = await listConversations(auth.supabase, auth.userId, query);
  return NextResponse.json({ data: page.data, next: page.next });
});

/** Opens (or finds) the user's conversation with an agency and stores the typed message in it exactly once. */
export const POST = apiRoute(async (request: NextRequest) => {
  const input = await readJsonBody(request, openConversationInput);
  const auth = await authenticateRequest(request);
  const opened = await openAgencyInquiry(auth.supabase, auth.userId, input);
  const body = { data: { ...opened.conversation, message: opened.message, message_replayed: opened.messageReplayed } };
  return opened.created
    ? NextResponse.json(body, {
        status: 201,
        headers: { Location: `/api/messages/conversations/${opened.conversation.id}` },
      })
    : NextResponse.json(body, { status: 200 });
});
