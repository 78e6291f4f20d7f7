import { conversationsAfter, messagesAfter, type ConversationCursor, type MessageCursor } from "@/lib/messages/cursor";
import { READ_MARKER_EMBED } from "@/lib/messages/unread-count";
import type { UserSupabaseClient } from "@/lib/supabase/types";

// Every PostgREST request the API routes and pages send, built in one place so the plan tests
// (tests/plans) explain exactly these requests. Row-level security adds the caller's visibility; each shape
// has an index under it (supabase/migrations/20261128100000_set_based_rls.sql, docs/database.md).
// A page asks for one row more than it shows: that row only tells whether another page exists.

export const INBOX_PAGE_SIZE = 20;
export const THREAD_PAGE_SIZE = 50;

/**
 * Embed for a conversations select: the agency an inquiry is addressed to (public.agency(conversations), a
 * computed to-one relationship; null if the agency was deleted), read in the same request as the conversation.
 */
const AGENCY_EMBED = "agency(id, name, slug)";

/**
 * Where a page of conversations is read from: the ones the viewer started, or those addressed to one of their
 * agencies. One source per request, named by an equality, so an index returns rows already in page order and the
 * scan stops after the page (row-level security alone would leave PostgreSQL to collect and sort all of them).
 */
export type ConversationSource = { createdBy: string } | { agencyId: string };

/**
 * Which conversations a page includes. The inbox shows agency inquiries only; the API's list shows every kind the
 * caller started (`support` too). Conversations addressed to an agency are agency inquiries by definition, so
 * this narrows only a `createdBy` source.
 */
export type ConversationKinds = "agency_inquiries" | "every_kind";

export type ConversationPage = {
  source: ConversationSource;
  kinds: ConversationKinds;
  /**
   * Only the conversation about this context (the button's check: "do I already talk to this agency?"), among
   * those of a `createdBy` source; an agency's page is never narrowed (its staff are not sent into a customer's
   * thread).
   */
  contextId?: string;
  before: ConversationCursor | null;
  limit: number;
};

/** The agencies the caller is staff of (agency_members_user_id_idx). */
export function myAgenciesQuery(supabase: UserSupabaseClient, userId: string) {
  return supabase.from("agency_members").select("agency_id").eq("user_id", userId);
}

/**
 * The header's unread total over all the caller's conversations and the agencies they staff: one row of
 * public.my_unread_total, read from totals the database keeps (primary-key lookups, whatever the history).
 */
export function myUnreadTotalQuery(supabase: UserSupabaseClient) {
  return supabase.from("my_unread_total").select("unread_count, agency_ids");
}

/** The methods of a PostgREST query that a page applies; each returns the query itself. */
type PageableQuery<Query> = {
  eq(column: string, value: string): Query;
  or(filters: string): Query;
  order(column: string, options: { ascending: boolean; nullsFirst?: boolean }): Query;
  limit(count: number): Query;
};

/** The filters and the one order of every conversation page, on a query of any columns. */
function conversationPageOf<Query extends PageableQuery<Query>>(query: Query, page: ConversationPage): Query {
  let paged = query;
  if ("agencyId" in page.source) {
    paged = paged.eq("context_type", "agency_inquiry").eq("context_id", page.source.agencyId);
  } else {
    if (page.kinds === "agency_inquiries") paged = paged.eq("context_type", "agency_inquiry");
    paged = paged.eq("created_by", page.source.createdBy);
    if (page.contextId) paged = paged.eq("context_id", page.contextId);
  }
  if (page.before) paged = paged.or(conversationsAfter(page.before));
  return inConversationOrder(paged).limit(page.limit + 1);
}

/** Newest activity first, never-written-to last, ties broken by creation and id (lib/messages/cursor.ts). */
function inConversationOrder<Query extends PageableQuery<Query>>(query: Query): Query {
  return query
    .order("last_message_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .order("id", { ascending: false });
}

/** An inbox page: agency inquiries from one source, newest activity first, each with its newest message. */
export function inboxPageQuery(
  supabase: UserSupabaseClient,
  source: ConversationSource,
  before: ConversationCursor | null,
  limit: number,
) {
  const query = supabase
    .from("conversations")
    .select(
      `id, context_id, created_by, created_at, last_message_at, customer_message_count, agency_message_count, ${READ_MARKER_EMBED}, ${AGENCY_EMBED}, messages(body, sender_id, created_at)`,
    )
    .order("created_at", { referencedTable: "messages", ascending: false })
    .order("id", { referencedTable: "messages", ascending: false })
    .limit(1, { referencedTable: "messages" });
  return conversationPageOf(query, { source, kinds: "agency_inquiries", before, limit });
}

/** GET /api/messages/conversations: one page of whole conversation rows. */
export function conversationsPageQuery(supabase: UserSupabaseClient, page: ConversationPage) {
  if ("agencyId" in page.source) return agencyConversationsPageQuery(supabase, page.source.agencyId, page);
  return conversationPageOf(supabase.from("conversations").select(`*, ${READ_MARKER_EMBED}`), page);
}

/**
 * An agency's page for the API's list, through public.agency_conversations_page: the table query under row-level
 * security is planned as a sort of all the agency's inquiries at scale (docs/database.md, "The API's agency list").
 * The function returns the page in order; the order is asked for again because PostgREST does not promise to keep
 * a function's row order (a sort of at most 101 rows).
 */
function agencyConversationsPageQuery(
  supabase: UserSupabaseClient,
  agencyId: string,
  { before, limit }: Pick<ConversationPage, "before" | "limit">,
) {
  const cursor = before && {
    // Omitted, not null: a GET sends every argument as text, and null would be sent as "null".
    before_last_message_at: before.lastMessageAt ?? undefined,
    before_created_at: before.createdAt,
    before_id: before.id,
  };
  const query = supabase
    .rpc("agency_conversations_page", { agency_id: agencyId, page_size: limit + 1, ...cursor }, { get: true })
    .select(`*, ${READ_MARKER_EMBED}`);
  return inConversationOrder(query);
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
    .select(`id, context_type, context_id, created_by, ${AGENCY_EMBED}, messages(*)`)
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

export type InquiryKey = { context_type: "agency_inquiry"; context_id: string; created_by: string };

/** The POST's find: the caller's one inquiry to an agency (unique_agency_user_conversation). */
export function inquiryByKeyQuery(supabase: UserSupabaseClient, key: InquiryKey) {
  return supabase.from("conversations").select().match(key);
}

/** Deletes the caller's own conversation if it still has no message (the policy allows nothing else). */
export function withdrawEmptyInquiryQuery(supabase: UserSupabaseClient, conversationId: string) {
  return supabase.from("conversations").delete().eq("id", conversationId).is("last_message_at", null);
}

export function conversationByIdQuery(supabase: UserSupabaseClient, conversationId: string) {
  return supabase.from("conversations").select(`*, ${READ_MARKER_EMBED}`).eq("id", conversationId);
}

/** The POST's find of a replayed send: (sender_id, client_message_id) is unique. */
export function messageBySendKeyQuery(supabase: UserSupabaseClient, senderId: string, clientMessageId: string) {
  return supabase.from("messages").select().eq("sender_id", senderId).eq("client_message_id", clientMessageId);
}

/**
 * Display names of conversation partners among `ids` (at most 200): public.partner_profiles checks each requested
 * id, so the cost is the page's ids, not every customer an agency ever had (docs/database.md, "Scale ×10").
 */
export function profilesByIdQuery(supabase: UserSupabaseClient, ids: string[]) {
  return supabase.rpc("partner_profiles", { ids }, { get: true }).select("id, display_name");
}
