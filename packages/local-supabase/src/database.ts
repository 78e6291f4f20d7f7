// The database of the local stack, whichever serves it (the PGlite wire server, or the PostgreSQL server named
// by DATABASE_URL), and the Supabase base SQL (roles, auth schema, helpers) applied to it.
import { readFile } from "node:fs/promises";
import { errorText, redactUrl, withClient, withSslDisabled } from "./pg-client.ts";

export const BASE_SQL_PATH = new URL("./sql/supabase-base.sql", import.meta.url);

export type NotificationHandler = (channel: string, payload: string) => void;

export type Database = {
  kind: "pglite" | "postgres";
  /** Superuser connection string (postgres role), with sslmode=disable. */
  url: string;
  host: string;
  port: number;
  /** Stops the embedded server and closes PGlite (no-op for an external PostgreSQL). */
  close(): Promise<void>;
  /**
   * Embedded only: called for every `NOTIFY` on a channel the session LISTENs to (`pgrst` and `realtime_local_broadcast`
   * are listened to from the start). PGlite has one session, so PostgREST's own LISTEN connection would never hear it.
   */
  setNotificationHandler?(handler: NotificationHandler | null): void;
};

export class DatabaseUnreachableError extends Error {
  constructor(url: string, reason: string) {
    super(`DATABASE_URL ${redactUrl(url)} is unreachable: ${reason}`);
    this.name = "DatabaseUnreachableError";
  }
}

/** Checks that the PostgreSQL at `url` answers; throws DatabaseUnreachableError with a one-line reason. */
export async function connectExternalDatabase(url: string): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUnreachableError(url, "not a valid connection URL");
  }
  try {
    await withClient(url, (c) => c.query("select 1"));
  } catch (err) {
    throw new DatabaseUnreachableError(url, errorText(err));
  }
  return {
    kind: "postgres",
    url: withSslDisabled(url),
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    close: async () => {},
  };
}

/** Applies sql/supabase-base.sql (idempotent). */
export async function applyBase(url: string): Promise<void> {
  const sql = await readFile(BASE_SQL_PATH, "utf8");
  await withClient(url, async (c) => {
    c.on("notice", () => {});
    await c.query(sql);
  });
}
