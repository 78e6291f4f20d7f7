// The marker a running stack writes into its embedded database: the database's comment, `local-supabase stack
// <random id>`, with the same id in `<dataDir>/stack.pid`. A database comment survives `supabase db reset`
// (which drops schemas and objects, never the database's own settings), so a reset of the running stack keeps it.
import { randomUUID } from "node:crypto";
import type pg from "pg";

const PREFIX = "local-supabase stack ";

export const newStackMarker = (): string => `${PREFIX}${randomUUID()}`;

export async function writeStackMarker(client: pg.Client, marker: string): Promise<void> {
  const r = await client.query<{ sql: string }>(
    "select format('comment on database %I is %L', current_database(), $1::text) as sql",
    [marker],
  );
  await client.query(r.rows[0]!.sql);
}

/** The comment of the connected database (null when it has none). */
export async function readStackMarker(client: pg.Client): Promise<string | null> {
  const r = await client.query<{ marker: string | null }>(
    "select shobj_description(oid, 'pg_database') as marker from pg_database where datname = current_database()",
  );
  return r.rows[0]?.marker ?? null;
}
