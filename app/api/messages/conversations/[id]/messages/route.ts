import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readParam } from "@/lib/http/read-query";
import { appendMessage, listMessages } from "@/lib/messages/messages";
import { conversationIdParam, sendMessageInput } from "@/lib/messages/schemas";

type Context = { params: Promise<{ id: string }> };

/** The thread, oldest first. */
export const GET = apiRoute(async (request: NextRequest, { params }: Context) => {
  const id = readParam((await params).id, "conversation id", conversationIdParam);
  const auth = await authenticateRequest(request);
  const messages = await listMessages(auth.supabase, id);
  return NextResponse.json({ data: messages });
});

/** A reply, stored exactly once per client_message_id: 201 when new, 200 when it was already stored. */
export const POST = apiRoute(async (request: NextRequest, { params }: Context) => {
  const id = readParam((await params).id, "conversation id", conversationIdParam);
  const input = await readJsonBody(request, sendMessageInput);
  const auth = await authenticateRequest(request);
  const { message, replayed } = await appendMessage(auth.supabase, auth.userId, id, input);
  return NextResponse.json({ data: message }, { status: replayed ? 200 : 201 });
});
