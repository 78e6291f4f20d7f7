import { z } from "zod";
import { conversationCursorParam, messageCursorParam } from "@/lib/messages/cursor";

export const MESSAGE_MAX_LENGTH = 4000;

const messageBody = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine((text) => text.isWellFormed(), "must be valid Unicode text (no lone surrogates)")
  .refine((text) => !text.includes("\u0000"), "must not contain NUL characters");

const clientMessageId = z.uuid({ error: "must be a UUID" }).optional();

/** Body of POST /api/messages/conversations. Unknown keys (e.g. `created_by`, `id`) are ignored, never used. */
export const openConversationInput = z.object({
  context_type: z.literal("agency_inquiry", { error: "must be 'agency_inquiry'" }),
  context_id: z.uuid({ error: "must be a UUID" }),
  initial_message: messageBody,
  client_message_id: clientMessageId,
});
export type OpenConversationInput = z.infer<typeof openConversationInput>;

/** Body of POST /api/messages/conversations/[id]/messages. */
export const sendMessageInput = z.object({
  body: messageBody,
  client_message_id: clientMessageId,
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

/** Query of GET /api/messages/conversations. */
export const listConversationsQuery = z
  .object({
    context_type: z.literal("agency_inquiry", { error: "must be 'agency_inquiry'" }).optional(),
    context_id: z.uuid({ error: "must be a UUID" }).optional(),
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).default(50),
    before: conversationCursorParam.optional(),
  })
  .refine((query) => !query.context_id || query.context_type, {
    message: "context_id needs context_type",
    path: ["context_id"],
  });
export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;

/** Query of GET /api/messages/conversations/[id]/messages: a page back from the newest (`before`) or forward (`after`). */
export const listMessagesQuery = z
  .object({
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).default(50),
    before: messageCursorParam.optional(),
    after: messageCursorParam.optional(),
  })
  .refine((query) => !(query.before && query.after), {
    message: "give before or after, not both",
    path: ["after"],
  });
export type ListMessagesQuery = z.infer<typeof listMessagesQuery>;

export const conversationIdParam = z.uuid({ error: "must be a UUID" });

/** Route segments of /api/messages/conversations/[id]/…. */
export const conversationParams = z.object({ id: conversationIdParam });
