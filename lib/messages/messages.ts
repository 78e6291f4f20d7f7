import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE, unexpected } from "@/lib/db/postgrest-error";
import { AppError } from "@/lib/http/app-error";
import type { SendMessageInput } from "@/lib/messages/schemas";
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

/** The thread, oldest first, in one round trip; 404 when the user does not take part in it. */
export async function listMessages(supabase: UserSupabaseClient, conversationId: string): Promise<Message[]> {
  const result = await supabase
    .from("conversations")
    .select("id, messages(*)")
    .eq("id", conversationId)
    .order("created_at", { referencedTable: "messages", ascending: true })
    .maybeSingle();
  if (result.error) throw unexpected(result, "read the messages");
  if (!result.data) throw conversationNotFound();
  return result.data.messages;
}
