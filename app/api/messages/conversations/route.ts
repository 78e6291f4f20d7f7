import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readQuery } from "@/lib/http/read-query";
import { listConversations, openAgencyInquiry } from "@/lib/messages/conversations";
import { listConversationsQuery, openConversationInput } from "@/lib/messages/schemas";

/** The signed-in user's conversations, newest first; filter by context to ask "do I already talk to X?". */
export const GET = apiRoute(async (request: NextRequest) => {
  const query = readQuery(request.nextUrl, listConversationsQuery);
  const auth = await authenticateRequest(request);
  const conversations = await listConversations(auth.supabase, query);
  return auth.finish(NextResponse.json({ data: conversations }));
});

/** Opens (or finds) the user's conversation with an agency and stores the typed message in it exactly once. */
export const POST = apiRoute(async (request: NextRequest) => {
  const input = await readJsonBody(request, openConversationInput);
  const auth = await authenticateRequest(request);
  const opened = await openAgencyInquiry(auth.supabase, auth.userId, input);
  const body = { data: { ...opened.conversation, message: opened.message, message_replayed: opened.messageReplayed } };
  const response = opened.created
    ? NextResponse.json(body, { status: 201, headers: { Location: `/api/messages/conversations/${opened.conversation.id}` } })
    : NextResponse.json(body, { status: 200 });
  return auth.finish(response);
});
