import { messageRow } from "@/tests/support/factories/rows";
import { postgrest, tableHandlers } from "@/tests/support/msw/handlers/postgrest";

export const messagesTable = (resolvers: Parameters<typeof tableHandlers>[1]) => tableHandlers("messages", resolvers);

/** Answers an insert().select().single() with the row PostgREST would store from the request body. */
export function echoInsertedMessage() {
  return async (request: Request) => {
    const body = (await request.json()) as {
      conversation_id: string;
      sender_id: string;
      body: string;
      client_message_id: string;
    };
    return postgrest.created(messageRow(body));
  };
}
