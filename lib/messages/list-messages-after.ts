import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { encodeMessageCursor, splitPage, type MessageCursor } from "@/lib/messages/cursor";
import { conversationNotFound } from "@/lib/messages/errors";
import type { MessagesPage } from "@/lib/messages/read/read-thread-page";
import type { UserSupabaseClient } from "@/lib/supabase/types";

// GET …/messages?after=<cursor>: the messages after one the client already has, oldest first, to catch up
// after a reconnect or a missed broadcast. The cursor is the same as `before`'s: built from any message, an API
// row or a broadcast payload (docs/live-conversations.md).

const quoted = (value: string) => `"${value}"`;

/**
 * Rows strictly after `cursor` in (created_at asc, id asc): a lower bound the index can seek to
 * (created_at >= t; messages_conversation_id_created_at_id_idx read forwards from there), and the tie-break on
 * id among equal timestamps.
 */
export function messagesAfterCursor(cursor: MessageCursor): { gte: string; or: string } {
  const t = quoted(cursor.createdAt);
  return { gte: cursor.createdAt, or: `created_at.gt.${t},and(created_at.eq.${t},id.gt.${quoted(cursor.id)})` };
}

/** The conversation (null data when the caller may not see it) with the page of messages after `after`. */
export function messagesAfterQuery(
  supabase: UserSupabaseClient,
  conversationId: string,
  after: MessageCursor,
  limit: number,
) {
  const bound = messagesAfterCursor(after);
  return supabase
    .from("conversations")
    .select("id, messages(*)")
    .eq("id", conversationId)
    .gte("messages.created_at", bound.gte)
    .or(bound.or, { referencedTable: "messages" })
    .order("created_at", { referencedTable: "messages", ascending: true })
    .order("id", { referencedTable: "messages", ascending: true })
    .limit(limit + 1, { referencedTable: "messages" });
}

/**
 * Up to `limit` messages after `after`, oldest first. `next` is the `after` cursor of the following page, null
 * when this page reaches the newest message. Throws `conversation_not_found` when the caller does not take part.
 */
export async function listMessagesAfter(
  supabase: UserSupabaseClient,
  conversationId: string,
  after: MessageCursor,
  limit: number,
): Promise<MessagesPage> {
  const result = await messagesAfterQuery(supabase, conversationId, after, limit).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  const page = splitPage(result.data.messages, limit, encodeMessageCursor);
  return { data: page.rows, next: page.next };
}
