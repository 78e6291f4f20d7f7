// `local-supabase db-reset` (`npm run db:reset`): base SQL + `supabase db reset` (all migrations + seed.sql) on
// the database the stack uses (stack-database.ts). On the running stack's database PostgREST reloads its schema
// cache by itself: the base SQL's DDL event triggers NOTIFY pgrst.
import { resetDatabase } from "./migrate.ts";
import { openStackDatabase } from "./stack-database.ts";

const log = (line: string) => process.stderr.write(`[db:reset] ${line}\n`);

/** Resets the database the stack uses (see the top of this file). */
export async function dbReset(): Promise<void> {
  const started = Date.now();
  const db = await openStackDatabase(log);
  try {
    await resetDatabase({ databaseUrl: db.url, log });
  } finally {
    await db.close();
  }
  log(`done in ${Date.now() - started} ms`);
}
