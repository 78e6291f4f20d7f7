import "server-only";
import { INBOX_PAGE_SIZE, inboxPageQuery, myAgenciesQuery } from "@/lib/messages/queries";
import { unexpected } from "@/lib/db/postgrest-error";
import { mergeConversations } from "@/lib/messages/conversation-order";
import { unreadCount } from "@/lib/messages/unread-count";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type UnreadSummary = {
  /** Unread messages across the inbox's first page: the most recently active conversations. */
  total: number;
  /** The Realtime topics that announce a new message for this user: their own, and each agency they staff. */
  topics: string[];
};

/**
 * What the header shows next to "Messages", and where to listen for changes. It reads the same page as the
 * inbox's first page (the same index-served queries, two round trips), so its cost does not grow with the
 * user's history. Unread messages in older conversations (beyond the first INBOX_PAGE_SIZE) are not in the
 * total; their inbox rows still show them. Any new message moves its conversation onto the first page.
 */
export async function readUnreadSummary(supabase: UserSupabaseClient, viewerId: string): Promise<UnreadSummary> {
  const memberships = await myAgenciesQuery(supabase, viewerId);
  if (memberships.error) throw unexpected(memberships, "read your agencies");
  const agencyIds = memberships.data.map((membership) => membership.agency_id);
  const pages = await Promise.all(
    [{ createdBy: viewerId }, ...agencyIds.map((agencyId) => ({ agencyId }))].map((source) =>
      inboxPageQuery(supabase, source, null, INBOX_PAGE_SIZE),
    ),
  );
  const failed = pages.find((page) => page.error);
  if (failed?.error) throw unexpected(failed, "count your unread messages");
  const newest = mergeConversations(pages.map((page) => page.data ?? [])).slice(0, INBOX_PAGE_SIZE);
  const total = newest.reduce(
    (sum, row) => sum + unreadCount(row, viewerId, row.conversation_reads[0]?.seen_count ?? 0),
    0,
  );
  return { total, topics: [`inbox:user:${viewerId}`, ...agencyIds.map((id) => `inbox:agency:${id}`)] };
}
