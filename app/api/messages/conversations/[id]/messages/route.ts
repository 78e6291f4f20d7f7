import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readParam, readQuery } from "@/lib/http/read-query";
import { appendMessage, listMessages } from "@/lib/messages/messages";
import { conversationIdParam, listMessagesQuery, sendMessageInput } from "@/lib/messages/schemas";

type Context = { params: Promise<{ id: string }> };

/** One page of the thread, oldest first: the newest messages, or those before `before`; `next` pages further back. */
export const GET = apiRoute(async (request: NextRequest, { params }: Context) => {
  const id = readParam((await params).id, "conversation id", conversationIdParam);
  const query = readQuery(request.nextUrl, listMessagesQuery);
  const auth = await authenticateRequest(request);
  const page = await listMessages(auth.supabase, id, query);
  return NextResponse.json({ data: page.data, next: page.next });
});

/** A reply, stored exactly once per client_message_id: 201 when new, 200 when it was already stored. */
export const POST = apiRoute(async (request: NextRequest, { params }: Context) => {
  const id = readParam((await params).id, "conversation id", conversationIdParam);
  const input = await readJsonBody(request, sendMessageInput);
  const auth = await authenticateRequest(request);
  const { message, replayed } = await appendMessage(auth.supabase, auth.userId, id, input);
  return NextResponse.json({ data: message }, { status: replayed ? 200 : 201 });
});
