import { tableHandlers } from "@/tests/support/msw/handlers/postgrest";

export const conversationsTable = (resolvers: Parameters<typeof tableHandlers>[1]) =>
  tableHandlers("conversations", resolvers);

export function conversationRow(overrides: {
  id?: string;
  context_id: string;
  created_by: string;
  last_message_at?: string | null;
}) {
  return {
    id: overrides.id ?? crypto.randomUUID(),
    context_type: "agency_inquiry",
    context_id: overrides.context_id,
    created_by: overrides.created_by,
    created_at: "2026-11-27T10:00:00+00:00",
    last_message_at: overrides.last_message_at ?? null,
  };
}
