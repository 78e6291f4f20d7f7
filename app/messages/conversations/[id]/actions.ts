"use server";

import { getCurrentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors/app-error";
import { messageCursorParam } from "@/lib/messages/cursor";
import { getThread, type ThreadMessage } from "@/lib/messages/read/get-thread";
import { createClient } from "@/lib/supabase/server";

export type EarlierMessages =
  | { status: "ok"; messages: ThreadMessage[]; earlier: string | null }
  | { status: "signed_out" | "not_found" | "invalid_cursor" };

/** The page of messages before `before` (a cursor the thread page or a previous call handed out), oldest first. */
export async function loadEarlierMessages(conversationId: string, before: string): Promise<EarlierMessages> {
  const cursor = messageCursorParam.safeParse(before);
  if (!cursor.success) return { status: "invalid_cursor" };
  const user = await getCurrentUser();
  if (!user) return { status: "signed_out" };
  try {
    const thread = await getThread(await createClient(), user.id, conversationId, cursor.data);
    return { status: "ok", messages: thread.messages, earlier: thread.earlier };
  } catch (error) {
    if (error instanceof AppError && error.code === "conversation_not_found") return { status: "not_found" };
    throw error;
  }
}
