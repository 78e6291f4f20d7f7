import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { conversationNotFound } from "@/lib/messages/errors";
import { conversationByIdQuery } from "@/lib/messages/queries";
import { withUnreadCount, type ConversationWithUnread } from "@/lib/messages/unread-count";
import type { UserSupabaseClient } from "@/lib/supabase/types";

/** The conversation, with the user's unread_count, if they take part in it; row-level security hides the rest. */
export async function getConversation(
  supabase: UserSupabaseClient,
  userId: string,
  conversationId: string,
): Promise<ConversationWithUnread> {
  const result = await conversationByIdQuery(supabase, conversationId).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  return withUnreadCount(result.data, userId);
}
