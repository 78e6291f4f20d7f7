import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/errors/app-error";
import { conversationIdParam, type SendMessageInput } from "@/lib/messages/schemas";
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
    find: () =>
      supabase.from("messages").select().eq("sender_id", userId).eq("client_message_id", clientMessageId).maybeSingle(),
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

/** A conversation the viewer takes part in, with its messages oldest first: the one way a thread is read. */
export type ConversationThread = Pick<Conversation, "id" | "context_type" | "context_id" | "created_by"> & {
  messages: Message[];
};

/**
 * Reads a conversation and its messages, oldest first, in one round trip. Throws `conversation_not_found` when
 * the id is not a conversation id or the viewer does not take part (row-level security hides the row, so both
 * look the same).
 */
export async function readThread(supabase: UserSupabaseClient, conversationId: string): Promise<ConversationThread> {
  if (!conversationIdParam.safeParse(conversationId).success) throw conversationNotFound();
  const result = await supabase
    .from("conversations")
    .select("id, context_type, context_id, created_by, messages(*)")
    .eq("id", conversationId)
    .order("created_at", { referencedTable: "messages", ascending: true })
    .maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  return result.data;
}

/** The thread's messages, oldest first. */
export async function listMessages(supabase: UserSupabaseClient, conversationId: string): Promise<Message[]> {
  return (await readThread(supabase, conversationId)).messages;
}
