import { tableHandlers } from "@/tests/support/msw/handlers/postgrest";

export const conversationsTable = (resolvers: Parameters<typeof tableHandlers>[1]) =>
  tableHandlers("conversations", resolvers);
