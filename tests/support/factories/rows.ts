import type { Conversation } from "@/lib/messages/types";
import type { Tables } from "@/lib/supabase/database.types";
import { newId } from "@/tests/support/factories/ids";

/**
 * One builder per table row, shaped as PostgREST returns it (the generated row types), for msw handlers and unit
 * tests. Every column has a plausible default; a test states only the columns it is about.
 */
export const CREATED_AT = "2026-11-27T10:00:00+00:00";

export function conversationRow(values: Partial<Conversation> = {}): Conversation {
  return {
    id: newId(),
    context_type: "agency_inquiry",
    context_id: newId(),
    created_by: newId(),
    created_at: CREATED_AT,
    last_message_at: null,
    customer_message_count: 0,
    agency_message_count: 0,
    ...values,
  };
}

export function messageRow(values: Partial<Tables<"messages">> = {}): Tables<"messages"> {
  return {
    id: newId(),
    conversation_id: newId(),
    sender_id: newId(),
    body: "Hello!",
    client_message_id: newId(),
    created_at: "2026-11-27T10:00:01+00:00",
    // Copied from the conversation by a trigger in the database (who may read the message).
    conversation_created_by: null,
    conversation_agency_id: null,
    ...values,
  };
}
