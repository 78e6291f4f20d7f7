import { conversationsAfter, messagesAfter, type ConversationCursor, type MessageCursor } from "@/lib/messages/cursor";
import type { UserSupabaseClient } from "@/lib/supabase/types";

// Every PostgREST request the API routes and pages send, built in one place so the plan tests
// (tests/plans) explain exactly these requests. Row-level security adds the caller's visibility; each shape
// has an index under it (supabase/migrations/20261128100000_set_based_rls.sql, docs/database.md).
// A page asks for one row more than it shows: that row only tells whether another page exists.

export const INBOX_PAGE_SIZE = 20;
export const THREAD_PAGE_SIZE = 50;

/** Where an inbox page reads from: the inquiries the viewer wrote, or those addressed to one of their agencies. */
export type InboxSource = { createdBy: string } | { agencyId: string };

/** The agencies the caller is staff of (agency_members_user_id_idx). */
export function myAgenciesQuery(supabase: UserSupabaseClient, userId: string) {
  return supabase.from("agency_members").select("agency_id").eq("user_id", userId);
}

/**
 * Agency inquiries from one source, newest activity first, each with its newest message. One source per
 * request, named by an equality, so the index returns rows already in page order and the scan stops after
 * the page (row-level security alone would leave PostgreSQL to collect and sort all of them first).
 */
export function inboxPageQuery(
  supabase: UserSupabaseClient,
  source: InboxSource,
  before: ConversationCursor | null,
  limit: number,
) {
  let query = supabase
    .from("conversations")
    .select("id, context_id, created_by, created_at, last_message_at, messages(body, sender_id, created_at)")
    .eq("context_type", "agency_inquiry");
  query = "createdBy" in source ? query.eq("created_by", source.createdBy) : query.eq("context_id", source.agencyId);
  if (before) query = query.or(conversationsAfter(before));
  return query
    .order("last_message_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .order("id", { ascending: false })
    .order("created_at", { referencedTable: "messages", ascending: false })
    .order("id", { referencedTable: "messages", ascending: false })
    .limit(1, { referencedTable: "messages" })
    .limit(limit + 1);
}

/** A conversation with one page of its messages, newest first (null data when the caller may not see it). */
export function threadPageQuery(
  supabase: UserSupabaseClient,
  conversationId: string,
  before: MessageCursor | null,
  limit: number,
) {
  let query = supabase
    .from("conversations")
    .select("id, context_type, context_id, created_by, messages(*)")
    .eq("id", conversationId);
  if (before) {
    const after = messagesAfter(before);
    query = query.lte("messages.created_at", after.lte).or(after.or, { referencedTable: "messages" });
  }
  return query
    .order("created_at", { referencedTable: "messages", ascending: false })
    .order("id", { referencedTable: "messages", ascending: false })
    .limit(limit + 1, { referencedTable: "messages" });
}

/**
 * GET /api/messages/conversations: the caller's conversations, newest first; with a context only the one they
 * started about it; without one, one source (as for the inbox), or all sources under row-level security alone.
 */
export function conversationsPageQuery(
  supabase: UserSupabaseClient,
  userId: string,
  filter: {
    context_type?: "agency_inquiry";
    context_id?: string;
    source?: InboxSource;
    before: ConversationCursor | null;
    limit: number;
  },
) {
  let query = supabase.from("conversations").select();
  if (filter.context_type) query = query.eq("context_type", filter.context_type).eq("created_by", userId);
  if (filter.context_id) query = query.eq("context_id", filter.context_id);
  if (filter.source) {
    query =
      "createdBy" in filter.source
        ? query.eq("created_by", filter.source.createdBy)
        : query.eq("context_type", "agency_inquiry").eq("context_id", filter.source.agencyId);
  }
  if (filter.before) query = query.or(conversationsAfter(filter.before));
  return query
    .order("last_message_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .order("id", { ascending: false })
    .limit(filter.limit + 1);
}

export type InquiryKey = { context_type: "agency_inquiry"; context_id: string; created_by: string };

/** The POST's find: the caller's one inquiry to an agency (unique_agency_user_conversation). */
export function inquiryByKeyQuery(supabase: UserSupabaseClient, key: InquiryKey) {
  return supabase.from("conversations").select().match(key);
}

export function conversationByIdQuery(supabase: UserSupabaseClient, conversationId: string) {
  return supabase.from("conversations").select().eq("id", conversationId);
}

/** The POST's find of a replayed send: (sender_id, client_message_id) is unique. */
export function messageBySendKeyQuery(supabase: UserSupabaseClient, senderId: string, clientMessageId: string) {
  return supabase.from("messages").select().eq("sender_id", senderId).eq("client_message_id", clientMessageId);
}

export function agenciesByIdQuery(supabase: UserSupabaseClient, ids: string[]) {
  return supabase.from("agencies").select("id, name, slug").in("id", ids);
}

/**
 * Display names of conversation partners among `ids` (at most 200): public.partner_profiles checks each requested
 * id, so the cost is the page's ids, not every customer an agency ever had (docs/database.md, "Scale ×10").
 */
export function profilesByIdQuery(supabase: UserSupabaseClient, ids: string[]) {
  return supabase.rpc("partner_profiles", { ids }, { get: true }).select("id, display_name");
}
