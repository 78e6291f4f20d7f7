import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { encodeMessageCursor, splitPage, type MessageCursor } from "@/lib/messages/cursor";
import { conversationNotFound } from "@/lib/messages/errors";
import { threadPageQuery } from "@/lib/messages/queries";
import { conversationIdParam, type ListMessagesQuery } from "@/lib/messages/schemas";
import type { Conversation, Message } from "@/lib/messages/types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

/** A conversation the viewer takes part in, with one page of its messages: the one way a thread is read. */
export type ThreadPage = {
  conversation: Pick<Conversation, "id" | "context_type" | "context_id" | "created_by"> & {
    /** The agency it is addressed to; null if it was deleted. */
    agency: { id: string; name: string; slug: string } | null;
  };
  /** Oldest first: the newest `limit` messages, or the `limit` before the `before` cursor. */
  messages: Message[];
  /** Cursor for the page of earlier messages (pass it as `before`); null when this page starts the thread. */
  next: string | null;
};

/**
 * Reads a conversation and one page of its messages in one round trip. Throws `conversation_not_found` when the
 * id is not a conversation id or the viewer does not take part (row-level security hides the row, so both look
 * the same).
 */
export async function readThreadPage(
  supabase: UserSupabaseClient,
  conversationId: string,
  before: MessageCursor | null,
  limit: number,
): Promise<ThreadPage> {
  if (!conversationIdParam.safeParse(conversationId).success) throw conversationNotFound();
  const result = await threadPageQuery(supabase, conversationId, before, limit).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  const { messages, ...conversation } = result.data;
  const page = splitPage(messages, limit, encodeMessageCursor);
  return { conversation, messages: page.rows.reverse(), next: page.next };
}

export type MessagesPage = { data: Message[]; next: string | null };

/** GET …/[id]/messages: one page of the thread, oldest first, and the cursor of the earlier page. */
export async function listMessages(
  supabase: UserSupabaseClient,
  conversationId: string,
  query: ListMessagesQuery,
): Promise<MessagesPage> {
  const page = await readThreadPage(supabase, conversationId, query.before ?? null, query.limit);
  return { data: page.messages, next: page.next };
}
