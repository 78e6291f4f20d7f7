import "server-only";
import { myUnreadTotalQuery } from "@/lib/messages/queries";
import { unexpected } from "@/lib/db/postgrest-error";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type UnreadSummary = {
  /** Unread messages across all the user's conversations, as a customer and as staff of each of their agencies. */
  total: number;
  /** The Realtime topics that announce a new message for this user: their own, and each agency they staff. */
  topics: string[];
};

/**
 * What the header shows next to "Messages", and where to listen for changes: one request, public.my_unread_total,
 * which sums totals the database keeps per inbox (supabase/migrations/20261203100000_unread_totals.sql), so its
 * cost does not grow with the number of conversations and the total is exact.
 */
export async function readUnreadSummary(supabase: UserSupabaseClient, viewerId: string): Promise<UnreadSummary> {
  const read = await myUnreadTotalQuery(supabase).single();
  if (read.error) throw unexpected(read, "count your unread messages");
  const agencyIds = read.data.agency_ids ?? [];
  return {
    total: Math.max(0, read.data.unread_count ?? 0),
    topics: [`inbox:user:${viewerId}`, ...agencyIds.map((id) => `inbox:agency:${id}`)],
  };
}
