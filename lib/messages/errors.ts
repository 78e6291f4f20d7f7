import { AppError } from "@/lib/errors/app-error";

// The errors the messaging use cases raise on purpose. lib/http maps each code to its HTTP status.

/** The id is not a conversation id, or row-level security hides the conversation: both look the same. */
export const conversationNotFound = () =>
  new AppError("conversation_not_found", "No conversation with this id is visible to you.");

export const agencyNotFound = () => new AppError("agency_not_found", "No agency has this id.");

/** A client_message_id already stored for another body or conversation. */
export const idempotencyKeyReused = () =>
  new AppError(
    "idempotency_key_reused",
    "This client_message_id was already used for a different message. Generate a new id for a new message.",
  );
