import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/errors/app-error";
import { appendMessage, conversationNotFound } from "@/lib/messages/messages";
import type { ListConversationsQuery, OpenConversationInput } from "@/lib/messages/schemas";
import type { Conversation, Message } from "@/lib/messages/types";
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
    find: () => supabase.from("conversations").select().match(key).maybeSingle(),
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

/**
 * Conversations the user takes part in (row-level security: their own, and as agency staff the inquiries to
 * their agency). Asked about a context ("do I already talk to this agency?"), only the one the user started:
 * the same key openAgencyInquiry uses, so agency staff are not sent into a customer's thread.
 */
export async function listConversations(
  supabase: UserSupabaseClient,
  userId: string,
  query: ListConversationsQuery,
): Promise<Conversation[]> {
  let request = supabase.from("conversations").select();
  if (query.context_type) request = request.eq("context_type", query.context_type).eq("created_by", userId);
  if (query.context_id) request = request.eq("context_id", query.context_id);
  const result = await request
    .order("last_message_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .limit(query.limit);
  if (result.error) throw unexpected(result, "list conversations");
  return result.data;
}

/** The conversation if the user takes part in it; row-level security hides everyone else's. */
export async function getConversation(supabase: UserSupabaseClient, conversationId: string): Promise<Conversation> {
  const result = await supabase.from("conversations").select().eq("id", conversationId).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  return result.data;
}

function latest(a: string | null, b: string): string {
  return a !== null && Date.parse(a) > Date.parse(b) ? a : b;
}
