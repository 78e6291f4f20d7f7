import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/http/app-error";
import { encodeMessageCursor, splitPage } from "@/lib/messages/cursor";
import { messageBySendKeyQuery, threadPageQuery } from "@/lib/messages/queries";
import type { ListMessagesQuery, SendMessageInput } from "@/lib/messages/schemas";
import type { Message } from "@/lib/messages/types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type AppendedMessage = { message: Message; replayed: boolean };

const conversationNotFound = () =>
  new AppError("conversation_not_found", "No conversation with this id is visible to you.");
const keyReused = () =>
  new AppError(
    "idempotency_key_reused",
    "This client_message_id was already used for a different message. Generate a new id for a new message.",
  );

/**
 * Stores a message exactly once per (sender, client_message_id): a retry of the same send returns the stored
 * message; the same id with another body or conversation is refused.
 */
export async function appendMessage(
  supabase: UserSupabaseClient,
  userId: string,
  conversationId: string,
  input: SendMessageInput,
): Promise<AppendedMessage> {
  const clientMessageId = input.client_message_id ?? crypto.randomUUID();

  const { row, created } = await findOrCreate<Message>({
    what: "message",
    findFirst: false,
    logContext: { conversationId, userId, clientMessageId },
    // The key is taken by a message in a conversation the sender can no longer see.
    whenKeyHeldElsewhere: keyReused,
    find: () => messageBySendKeyQuery(supabase, userId, clientMessageId).maybeSingle(),
    create: async () => {
      const inserted = await supabase
        .from("messages")
        .insert({
          conversation_id: conversationId,
          sender_id: userId,
          body: input.body,
          client_message_id: clientMessageId,
        })
        .select()
        .single();
      // Row-level security refuses messages into conversations the user does not take part in.
      if (hasCode(inserted.error, INSUFFICIENT_PRIVILEGE) || hasCode(inserted.error, FOREIGN_KEY_VIOLATION)) {
        throw conversationNotFound();
      }
      return inserted;
    },
  });

  if (!created && (row.conversation_id !== conversationId || row.body !== input.body)) throw keyReused();
  return { message: row, replayed: !created };
}

export type MessagesPage = {
  /** Oldest first: the newest `limit` messages, or the `limit` before the `before` cursor. */
  data: Message[];
  /** Cursor for the page of earlier messages: pass it as `before`; null when this page starts the thread. */
  next: string | null;
};

/** One page of the thread in one round trip; 404 when the user does not take part in it. */
export async function listMessages(
  supabase: UserSupabaseClient,
  conversationId: string,
  query: ListMessagesQuery,
): Promise<MessagesPage> {
  const result = await threadPageQuery(supabase, conversationId, query.before ?? null, query.limit).maybeSingle();
  if (result.error) throw unexpected(result, "read the messages");
  if (!result.data) throw conversationNotFound();
  const page = splitPage(result.data.messages, query.limit, encodeMessageCursor);
  return { data: page.rows.reverse(), next: page.next };
}
