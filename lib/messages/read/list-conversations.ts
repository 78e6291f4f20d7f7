import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { encodeConversationCursor, splitPage } from "@/lib/messages/cursor";
import { conversationsPageQuery } from "@/lib/messages/queries";
import { readConversationPages } from "@/lib/messages/read/read-conversation-pages";
import type { ListConversationsQuery } from "@/lib/messages/schemas";
import { withUnreadCount, type ConversationWithUnread } from "@/lib/messages/unread-count";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type ConversationsPage = {
  data: ConversationWithUnread[];
  /** Cursor for the next (older) page: pass it as `before`; null on the last page. */
  next: string | null;
};

/**
 * GET /api/messages/conversations: one page of the conversations the user takes part in (their own of every kind,
 * and as agency staff the inquiries to their agency), newest activity first, ties broken by id. Asked about a
 * context ("do I already talk to this agency?"), only the one the user started: the same key openAgencyInquiry
 * uses, so agency staff are not sent into a customer's thread.
 */
export async function listConversations(
  supabase: UserSupabaseClient,
  userId: string,
  query: ListConversationsQuery,
): Promise<ConversationsPage> {
  const before = query.before ?? null;
  const limit = query.limit;
  if (query.context_type) {
    const source = { createdBy: userId };
    const result = await conversationsPageQuery(supabase, {
      source,
      kinds: "agency_inquiries",
      contextId: query.context_id,
      before,
      limit,
    });
    if (result.error) throw unexpected(result, "list conversations");
    const page = splitPage(result.data, limit, encodeConversationCursor);
    return { data: page.rows.map((row) => withUnreadCount(row, userId)), next: page.next };
  }
  const page = await readConversationPages(supabase, userId, limit, (source) =>
    conversationsPageQuery(supabase, { source, kinds: "every_kind", before, limit }),
  );
  return { data: page.rows.map((row) => withUnreadCount(row, userId)), next: page.next };
}
