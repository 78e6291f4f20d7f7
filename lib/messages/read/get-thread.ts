import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import type { MessageCursor } from "@/lib/messages/cursor";
import { agenciesByIdQuery, THREAD_PAGE_SIZE } from "@/lib/messages/queries";
import { profileNamesById } from "@/lib/messages/read/profile-names-by-id";
import { readThreadPage } from "@/lib/messages/read/read-thread-page";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type ThreadMessage = {
  id: string;
  body: string;
  createdAt: string;
  fromViewer: boolean;
  /** "You", the agency's name (staff writing to a customer) or the customer's display name. */
  senderLabel: string;
  /** The staff member's own name under the agency's, when the viewer may see it. */
  senderDetail: string | null;
};

export type Thread = {
  id: string;
  agency: { id: string; name: string; slug: string } | null;
  viewerRole: "customer" | "agency";
  customerName: string;
  /** One page of messages, oldest first: the newest page, or the one before the `before` cursor. */
  messages: ThreadMessage[];
  /** Cursor of the page of earlier messages; null when this page starts the thread. */
  earlier: string | null;
};

/** Shown for a reply whose author's account was deleted (the reply stays in the thread). */
export const FORMER_STAFF_LABEL = "Former staff member";

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
  const [agency, nameById] = await Promise.all([
    agenciesByIdQuery(supabase, [row.context_id]).maybeSingle(),
    profileNamesById(supabase, senderIds, "the participants' names"),
  ]);
  if (agency.error) throw unexpected(agency, "read the agency");

  const viewerRole = row.created_by === viewerId ? "customer" : "agency";
  const agencyName = agency.data?.name ?? "Agency";
  const customerName = viewerRole === "customer" ? "You" : (nameById.get(row.created_by) ?? "Customer");

  return {
    id: row.id,
    agency: agency.data,
    viewerRole,
    customerName,
    earlier,
    messages: page.map((message) => {
      const fromViewer = message.sender_id === viewerId;
      const fromCustomer = message.sender_id === row.created_by;
      // A reply whose author's account was deleted keeps its place, without a name.
      const staffName = message.sender_id === null ? FORMER_STAFF_LABEL : (nameById.get(message.sender_id) ?? null);
      let senderLabel: string;
      let senderDetail: string | null = null;
      if (fromViewer) senderLabel = "You";
      else if (fromCustomer) senderLabel = customerName;
      else if (viewerRole === "customer") {
        senderLabel = agencyName;
        senderDetail = staffName;
      } else senderLabel = staffName ?? agencyName;
      return {
        id: message.id,
        body: message.body,
        createdAt: message.created_at,
        fromViewer,
        senderLabel,
        senderDetail,
      };
    }),
  };
}
