import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { apiRoute } from "@/lib/http/api-route";
import { readParam } from "@/lib/http/read-query";
import { getConversation } from "@/lib/messages/conversations";
import { conversationIdParam } from "@/lib/messages/schemas";

type Context = { params: Promise<{ id: string }> };

/** One conversation; 404 unless the signed-in user takes part in it. */
export const GET = apiRoute(async (request: NextRequest, { params }: Context) => {
  const id = readParam((await params).id, "conversation id", conversationIdParam);
  const auth = await authenticateRequest(request);
  const conversation = await getConversation(auth.supabase, id);
  return NextResponse.json({ data: conversation });
});
