import "server-only";
import { findOrCreate } from "@/lib/db/find-or-create";
import { FOREIGN_KEY_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE } from "@/lib/db/postgrest-error";
import { conversationNotFound, idempotencyKeyReused } from "@/lib/messages/errors";
import { messageBySendKeyQuery } from "@/lib/messages/queries";
import type { SendMessageInput } from "@/lib/messages/schemas";
import type { Message } from "@/lib/messages/types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type AppendedMessage = { message: Message; replayed: boolean };

/**
 * Where a message is stored exactly once: per (sender, client_message_id), a unique index. A retry of the same
 * send returns the stored message; the same id with another body or conversation is refused.
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
    whenKeyHeldElsewhere: idempotencyKeyReused,
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

  if (!created && (row.conversation_id !== conversationId || row.body !== input.body)) throw idempotencyKeyReused();
  return { message: row, replayed: !created };
}
