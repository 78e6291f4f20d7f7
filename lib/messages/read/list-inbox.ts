import "server-only";
import type { ConversationCursor } from "@/lib/messages/cursor";
import { INBOX_PAGE_SIZE, inboxPageQuery } from "@/lib/messages/queries";
import { profileNamesById } from "@/lib/messages/read/profile-names-by-id";
import { readConversationPages } from "@/lib/messages/read/read-conversation-pages";
import { unreadCount } from "@/lib/messages/unread-count";
import { excerpt } from "@/lib/text/excerpt";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type InboxItem = {
  id: string;
  /** The agency the inquiry is addressed to (null if it was deleted). */
  agency: { name: string; slug: string } | null;
  /** "customer" when the viewer wrote the inquiry, "agency" when it reached the viewer as agency staff. */
  viewerRole: "customer" | "agency";
  /** What the row is called: the agency for a customer, the customer's display name for agency staff. */
  title: string;
  lastMessage: { excerpt: string; fromViewer: boolean } | null;
  /** last_message_at, or created_at for a conversation without messages. */
  activityAt: string;
  /** Messages from the other side the viewer has not marked read. */
  unreadCount: number;
};

export type InboxPage = {
  items: InboxItem[];
  /** Cursor of the page of older conversations; null on the last page. */
  next: string | null;
};

/**
 * One page of the viewer's agency inquiries, newest activity first: their own, and (for agency staff) the ones
 * addressed to their agencies (readConversationPages), each row with its agency, then the customers' names (for
 * staff). Two or three round trips: memberships, pages, names. `before` continues after the page that returned it as `next`.
 */
export async function listInbox(
  supabase: UserSupabaseClient,
  viewerId: string,
  before: ConversationCursor | null = null,
  limit: number = INBOX_PAGE_SIZE,
): Promise<InboxPage> {
  const { rows, next } = await readConversationPages(supabase, viewerId, limit, (source) =>
    inboxPageQuery(supabase, source, before, limit),
  );
  if (rows.length === 0) return { items: [], next: null };

  const customerIds = unique(rows.map((row) => row.created_by).filter((id) => id !== viewerId));
  const nameById = await profileNamesById(supabase, customerIds, "the customers' names");

  const items = rows.map((row): InboxItem => {
    const agency = row.agency;
    const viewerRole = row.created_by === viewerId ? "customer" : "agency";
    const last = row.messages[0];
    return {
      id: row.id,
      agency: agency ? { name: agency.name, slug: agency.slug } : null,
      viewerRole,
      title: viewerRole === "customer" ? (agency?.name ?? "Agency") : (nameById.get(row.created_by) ?? "Customer"),
      lastMessage: last ? { excerpt: excerpt(last.body, 120), fromViewer: last.sender_id === viewerId } : null,
      activityAt: row.last_message_at ?? row.created_at,
      unreadCount: unreadCount(row, viewerId, row.conversation_reads[0]?.seen_count ?? 0),
    };
  });
  return { items, next };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
