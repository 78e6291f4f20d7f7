import type { Conversation } from "@/lib/messages/types";

// Unread counts from two numbers the database keeps (supabase/migrations/20261202110000_…): the other side's
// message counter on the conversation, and the viewer's read marker, embedded from conversation_reads (its
// row-level security returns the caller's own marker only, so the embed holds at most one row).

/** Embed for a conversations select: the viewer's read marker. */
export const READ_MARKER_EMBED = "conversation_reads(seen_count)";

export type ConversationCounters = Pick<Conversation, "created_by" | "customer_message_count" | "agency_message_count">;
export type ReadMarkerEmbed = { conversation_reads: { seen_count: number }[] };
export type ConversationWithUnread = Conversation & { unread_count: number };

/**
 * Messages from the other side the viewer has not seen: the agency's for the customer, the customer's for staff
 * (so a staff member's own replies and their colleagues' are never unread for them).
 */
export function unreadCount(conversation: ConversationCounters, viewerId: string, seenCount: number): number {
  const otherSide =
    conversation.created_by === viewerId ? conversation.agency_message_count : conversation.customer_message_count;
  return Math.max(0, otherSide - seenCount);
}

/** A conversation row with the embedded marker replaced by `unread_count`. */
export function withUnreadCount<Row extends ConversationCounters & ReadMarkerEmbed>(
  row: Row,
  viewerId: string,
): Omit<Row, "conversation_reads"> & { unread_count: number } {
  const { conversation_reads: markers, ...conversation } = row;
  return { ...conversation, unread_count: unreadCount(row, viewerId, markers[0]?.seen_count ?? 0) };
}
