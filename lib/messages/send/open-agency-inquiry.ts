import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode } from "@/lib/db/postgrest-error";
import { agencyNotFound } from "@/lib/messages/errors";
import { inquiryByKeyQuery, withdrawEmptyInquiryQuery } from "@/lib/messages/queries";
import type { OpenConversationInput } from "@/lib/messages/schemas";
import { appendMessage, type AppendedMessage } from "@/lib/messages/send/append-message";
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
 * Opens the user's one conversation with an agency and appends the typed message to it exactly once: find-or-
 * create twice, once for the conversation (here) and once for the message (appendMessage). Check-then-insert;
 * the partial unique index `unique_agency_user_conversation` settles races (docs/send-message-design.md).
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
      if (hasCode(inserted.error, FOREIGN_KEY_VIOLATION)) throw agencyNotFound();
      return inserted;
    },
  });

  const first = { body: input.initial_message, client_message_id: input.client_message_id };
  let appended: AppendedMessage;
  try {
    appended = await appendMessage(supabase, userId, conversation.id, first);
  } catch (error) {
    // A conversation exists only with its first message: one this request created goes again (best effort; a
    // message stored meanwhile keeps it, see the policy).
    if (created) await withdrawEmptyInquiryQuery(supabase, conversation.id).then(null, () => null);
    throw error;
  }
  const { message, replayed } = appended;

  return {
    conversation: { ...conversation, last_message_at: latest(conversation.last_message_at, message.created_at) },
    created,
    message,
    messageReplayed: replayed,
  };
}

function latest(a: string | null, b: string): string {
  return a !== null && Date.parse(a) > Date.parse(b) ? a : b;
}
