import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/errors/app-error";
import { encodeConversationCursor, splitPage } from "@/lib/messages/cursor";
import { appendMessage, conversationNotFound } from "@/lib/messages/messages";
import { mergeConversations } from "@/lib/messages/conversation-order";
import {
  conversationByIdQuery,
  conversationsPageQuery,
  inquiryByKeyQuery,
  myAgenciesQuery,
  type InboxSource,
} from "@/lib/messages/queries";
import type { ListConversationsQuery, OpenConversationInput } from "@/lib/messages/schemas";
import type { Conversation, Message } from "@/lib/messages/types";
import { withUnreadCount, type ConversationWithUnread } from "@/lib/messages/unread-count";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type OpenedConversation = {
  conversation: Conversation;
  /** False when the conversation already existed, including when a concurrent request created it first. */
  created: boolean;
  message: Message;
  /** True when this client_message_id had already been stored (a retry): nothing new was written. */
  messageReplayed: boolean;
};

/**
 * Opens the user's one conversation with an agency and appends the typed message to it exactly once.
 * Check-then-insert; the partial unique index `unique_agency_user_conversation` settles races (see docs/).
 */
export async function openAgencyInquiry(
  supabase: UserSupabaseClient,
  userId: string,
  input: OpenConversationInput,
): Promise<OpenedConversation> {
  const key = { context_type: input.context_type, context_id: input.context_id, created_by: userId };

  const { row: conversation, created } = await findOrCreate<Conversation>({
    what: "conversation",
    findFirst: true,
    logContext: { agencyId: input.context_id, userId },
    find: () => inquiryByKeyQuery(supabase, key).maybeSingle(),
    create: async () => {
      const inserted = await supabase.from("conversations").insert(key).select().single();
      // The conversations trigger raises 23503 for an agency that does not exist.
      if (hasCode(inserted.error, FOREIGN_KEY_VIOLATION)) {
        throw new AppError("agency_not_found", "No agency has this id.");
      }
      return inserted;
    },
  });

  const { message, replayed } = await appendMessage(supabase, userId, conversation.id, {
    body: input.initial_message,
    client_message_id: input.client_message_id,
  });

  return {
    conversation: { ...conversation, last_message_at: latest(conversation.last_message_at, message.created_at) },
    created,
    message,
    messageReplayed: replayed,
  };
}

export type ConversationsPage = {
  data: ConversationWithUnread[];
  /** Cursor for the next (older) page: pass it as `before`; null on the last page. */
  next: string | null;
};

/**
 * One page of the conversations the user takes part in (row-level security: their own, and as agency staff the
 * inquiries to their agency), newest activity first, ties broken by id. Asked about a context ("do I already
 * talk to this agency?"), only the one the user started: the same key openAgencyInquiry uses, so agency staff
 * are not sent into a customer's thread.
 */
export async function listConversations(
  supabase: UserSupabaseClient,
  userId: string,
  query: ListConversationsQuery,
): Promise<ConversationsPage> {
  const before = query.before ?? null;
  if (query.context_type) {
    const result = await conversationsPageQuery(supabase, userId, { ...query, before });
    if (result.error) throw unexpected(result, "list conversations");
    const page = splitPage(result.data, query.limit, encodeConversationCursor);
    return { data: page.rows.map((row) => withUnreadCount(row, userId)), next: page.next };
  }
  // Everything visible: one ordered page per source (own, each agency), merged, as the inbox does.
  const memberships = await myAgenciesQuery(supabase, userId);
  if (memberships.error) throw unexpected(memberships, "read your agencies");
  const sources: InboxSource[] = [
    { createdBy: userId },
    ...memberships.data.map((membership) => ({ agencyId: membership.agency_id })),
  ];
  const results = await Promise.all(
    sources.map((source) => conversationsPageQuery(supabase, userId, { source, before, limit: query.limit })),
  );
  const failed = results.find((result) => result.error);
  if (failed?.error) throw unexpected(failed, "list conversations");
  const merged = mergeConversations(results.map((result) => result.data ?? []));
  const page = splitPage(merged, query.limit, encodeConversationCursor);
  return { data: page.rows.map((row) => withUnreadCount(row, userId)), next: page.next };
}

/** The conversation if the user takes part in it; row-level security hides everyone else's. */
export async function getConversation(
  supabase: UserSupabaseClient,
  userId: string,
  conversationId: string,
): Promise<ConversationWithUnread> {
  const result = await conversationByIdQuery(supabase, conversationId).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  return withUnreadCount(result.data, userId);
}

function latest(a: string | null, b: string): string {
  return a !== null && Date.parse(a) > Date.parse(b) ? a : b;
}
