import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/errors/app-error";
import { encodeMessageCursor, splitPage, type MessageCursor } from "@/lib/messages/cursor";
import { messageBySendKeyQuery, threadPageQuery } from "@/lib/messages/queries";
import { conversationIdParam, type ListMessagesQuery, type SendMessageInput } from "@/lib/messages/schemas";
import type { Conversation, Message } from "@/lib/messages/types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type AppendedMessage = { message: Message; replayed: boolean };

export const conversationNotFound = () =>
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

/** A conversation the viewer takes part in, with one page of its messages: the one way a thread is read. */
export type ThreadPage = {
  conversation: Pick<Conversation, "id" | "context_type" | "context_id" | "created_by">;
  /** Oldest first: the newest `limit` messages, or the `limit` before the `before` cursor. */
  messages: Message[];
  /** Cursor for the page of earlier messages (pass it as `before`); null when this page starts the thread. */
  next: string | null;
};

/**
 * Reads a conversation and one page of its messages in one round trip. Throws `conversation_not_found` when the
 * id is not a conversation id or the viewer does not take part (row-level security hides the row, so both look
 * the same).
 */
export async function readThreadPage(
  supabase: UserSupabaseClient,
  conversationId: string,
  before: MessageCursor | null,
  limit: number,
): Promise<ThreadPage> {
  if (!conversationIdParam.safeParse(conversationId).success) throw conversationNotFound();
  const result = await threadPageQuery(supabase, conversationId, before, limit).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  const { messages, ...conversation } = result.data;
  const page = splitPage(messages, limit, encodeMessageCursor);
  return { conversation, messages: page.rows.reverse(), next: page.next };
}

export type MessagesPage = { data: Message[]; next: string | null };

/** GET …/[id]/messages: one page of the thread, oldest first, and the cursor of the earlier page. */
export async function listMessages(
  supabase: UserSupabaseClient,
  conversationId: string,
  query: ListMessagesQuery,
): Promise<MessagesPage> {
  const page = await readThreadPage(supabase, conversationId, query.before ?? null, query.limit);
  return { data: page.messages, next: page.next };
}
