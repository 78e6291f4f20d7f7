// Small helpers around node-postgres connection strings and one-off client connections.
import pg from "pg";

/** Adds `sslmode=disable` unless the URL already names an sslmode (the Supabase CLI needs it for PGlite). */
export function withSslDisabled(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has("sslmode")) u.searchParams.set("sslmode", "disable");
  return u.toString();
}

/** Hides the password of a connection string for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/** The one-line reason of a connection error (the first of an AggregateError, the errno code when no message). */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return errorText(err.errors[0]);
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

/** Runs `fn` with a connected pg client on `url`; the client is always closed. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
