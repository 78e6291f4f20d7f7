// Direct reads of the e2e stack's database: the source of truth the specs assert on, not the DOM.
import { readFileSync } from "node:fs";
import type pg from "pg";
import { withClient } from "local-supabase";
import { STACK_INFO_FILE, type StackInfo } from "./config.ts";

/** What the server script wrote once the stack was up (the database URL, the Auth API's URL …). */
export function stackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_INFO_FILE, "utf8")) as StackInfo;
}

export async function query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return withClient(stackInfo().dbUrl, async (client) => (await client.query<Row>(sql, params)).rows);
}

/** The user's inquiries to an agency, each with its messages, oldest first. */
export async function inquiries(userId: string, agencyId: string) {
  const conversations = await query<{ id: string }>(
    "select id from public.conversations where context_type = 'agency_inquiry' and context_id = $1 and created_by = $2 order by created_at",
    [agencyId, userId],
  );
  const messages = await query<{ conversation_id: string; body: string; client_message_id: string; sender_id: string }>(
    "select conversation_id, body, client_message_id, sender_id from public.messages where conversation_id = any($1::uuid[]) order by created_at",
    [conversations.map((c) => c.id)],
  );
  return { conversations, messages };
}
