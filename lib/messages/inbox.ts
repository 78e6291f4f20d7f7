import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
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
};

const INBOX_LIMIT = 100;

/**
 * The viewer's agency inquiries, newest activity first: their own, and (for agency staff) the ones addressed to
 * their agency. Row-level security decides what is visible; three round trips whatever the number of rows.
 */
export async function listInbox(supabase: UserSupabaseClient, viewerId: string): Promise<InboxItem[]> {
  const conversations = await supabase
    .from("conversations")
    .select("id, context_id, created_by, created_at, last_message_at, messages(body, sender_id, created_at)")
    .eq("context_type", "agency_inquiry")
    .order("last_message_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .order("created_at", { referencedTable: "messages", ascending: false })
    .limit(1, { referencedTable: "messages" })
    .limit(INBOX_LIMIT);
  if (conversations.error) throw unexpected(conversations, "list your conversations");
  const rows = conversations.data;
  if (rows.length === 0) return [];

  const agencyIds = unique(rows.map((row) => row.context_id));
  const customerIds = unique(rows.map((row) => row.created_by).filter((id) => id !== viewerId));
  const [agencies, profiles] = await Promise.all([
    supabase.from("agencies").select("id, name, slug").in("id", agencyIds),
    customerIds.length > 0
      ? supabase.from("profiles").select("id, display_name").in("id", customerIds)
      : Promise.resolve({ data: [] as { id: string; display_name: string | null }[], error: null, status: 200 }),
  ]);
  if (agencies.error) throw unexpected(agencies, "read the agencies");
  if (profiles.error) throw unexpected(profiles, "read the customers' names");

  const agencyById = new Map(agencies.data.map((agency) => [agency.id, agency]));
  const nameById = new Map(profiles.data.map((profile) => [profile.id, profile.display_name]));

  return rows.map((row) => {
    const agency = agencyById.get(row.context_id) ?? null;
    const viewerRole = row.created_by === viewerId ? "customer" : "agency";
    const last = row.messages[0];
    return {
      id: row.id,
      agency: agency ? { name: agency.name, slug: agency.slug } : null,
      viewerRole,
      title: viewerRole === "customer" ? (agency?.name ?? "Agency") : (nameById.get(row.created_by) ?? "Customer"),
      lastMessage: last ? { excerpt: excerpt(last.body, 120), fromViewer: last.sender_id === viewerId } : null,
      activityAt: row.last_message_at ?? row.created_at,
    };
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
