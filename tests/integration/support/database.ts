import type pg from "pg";
import { withClient } from "local-supabase";
import { createAgencies } from "../../../scripts/test-harness/agencies.ts";
import { testStack } from "@/tests/integration/support/stack";

/** Superuser access to the stack's database, to count rows and arrange state the API cannot. */
export function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(testStack().dbUrl, work);
}

export async function countRows(sql: string, params: unknown[]): Promise<number> {
  return withDatabase(async (client) => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n));
}

export const conversationsOf = (userId: string, agencyId: string) =>
  countRows("select count(*) as n from public.conversations where created_by = $1 and context_id = $2", [
    userId,
    agencyId,
  ]);

export const messagesOf = (userId: string) =>
  countRows("select count(*) as n from public.messages where sender_id = $1", [userId]);

/** A new agency of our own, so that tests never share a conversation key (its slug starts with the run's tag). */
export async function createAgency(): Promise<string> {
  const { dbUrl, runTag } = testStack();
  const [id] = await createAgencies(dbUrl, 1, runTag);
  return id!;
}
