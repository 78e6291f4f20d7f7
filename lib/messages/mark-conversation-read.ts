import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { conversationNotFound } from "@/lib/messages/errors";
import type { Tables } from "@/lib/supabase/database.types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type ReadMarker = Pick<Tables<"conversation_reads">, "conversation_id" | "seen_count" | "last_read_at"> & {
  /** Zero: everything the other side had sent when the marker was written is seen. */
  unread_count: number;
};

/**
 * Marks everything the other side has sent so far as seen by the caller (public.mark_conversation_read: one
 * statement, idempotent, never moves the marker back). Throws `conversation_not_found` when the caller does not
 * take part in the conversation, which the function answers with no row.
 */
export async function markConversationRead(supabase: UserSupabaseClient, conversationId: string): Promise<ReadMarker> {
  const result = await supabase.rpc("mark_conversation_read", { conversation_id: conversationId }).maybeSingle();
  if (result.error) throw unexpected(result, "mark the conversation read");
  if (!result.data) throw conversationNotFound();
  const { conversation_id, seen_count, last_read_at } = result.data;
  return { conversation_id, seen_count, last_read_at, unread_count: 0 };
}
