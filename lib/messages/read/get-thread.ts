import "server-only";
import type { MessageCursor } from "@/lib/messages/cursor";
import { THREAD_PAGE_SIZE } from "@/lib/messages/queries";
import { profileNamesById } from "@/lib/messages/read/profile-names-by-id";
import { readThreadPage } from "@/lib/messages/read/read-thread-page";
import type { UserSupabaseClient } from "@/lib/supabase/types";
import { labelMessage, type ThreadLabelContext, type ThreadMessage } from "@/lib/messages/live/thread-labels";

export type { ThreadMessage } from "@/lib/messages/live/thread-labels";
export { FORMER_STAFF_LABEL } from "@/lib/messages/live/thread-labels";

export type Thread = {
  id: string;
  agency: { id: string; name: string; slug: string } | null;
  viewerRole: "customer" | "agency";
  customerName: string;
  /** One page of messages, oldest first: the newest page, or the one before the `before` cursor. */
  messages: ThreadMessage[];
  /** Cursor of the page of earlier messages; null when this page starts the thread. */
  earlier: string | null;
  /** What the browser needs to label messages that arrive live the same way. */
  labels: ThreadLabelContext;
};

/**
 * A conversation and one page of its messages (oldest first within the page), labelled for the viewer. Throws
 * `conversation_not_found` like every reader of a thread (readThreadPage).
 */
export async function getThread(
  supabase: UserSupabaseClient,
  viewerId: string,
  conversationId: string,
  before: MessageCursor | null = null,
  limit: number = THREAD_PAGE_SIZE,
): Promise<Thread> {
  const {
    conversation: row,
    messages: page,
    next: earlier,
  } = await readThreadPage(supabase, conversationId, before, limit);

  const senderIds = [...new Set([row.created_by, ...page.map((message) => message.sender_id)])].filter(
    (id): id is string => id !== null && id !== viewerId,
  );
  const nameById = await profileNamesById(supabase, senderIds, "the participants' names");

  const viewerRole = row.created_by === viewerId ? "customer" : "agency";
  const agencyName = row.agency?.name ?? "Agency";
  const customerName = viewerRole === "customer" ? "You" : (nameById.get(row.created_by) ?? "Customer");

  const labels: ThreadLabelContext = {
    viewerId,
    customerId: row.created_by,
    viewerRole,
    agencyName,
    customerName,
    staffNames: Object.fromEntries(nameById),
  };
  return {
    id: row.id,
    agency: row.agency,
    viewerRole,
    customerName,
    earlier,
    labels,
    messages: page.map((message): ThreadMessage => labelMessage(message, labels)),
  };
}
