// Whether a database server can run the pgTAP suites, and if not, the one line that says how to get pgTAP.
import type pg from "pg";

/**
 * Null when pgTAP is available on the server `client` is connected to (installed, perhaps not yet enabled);
 * otherwise one line naming how to install it. `where` names the database for the user, e.g. "DB_URL's database".
 */
export async function pgTapMissing(client: pg.Client, where: string): Promise<string | null> {
  const { rows } = await client.query<{ available: boolean; version: string; major: number }>(
    `select exists (select 1 from pg_available_extensions where name = 'pgtap') as available,
            version() as version, current_setting('server_version_num')::int / 10000 as major`,
  );
  const server = rows[0]!;
  if (server.available) return null;
  if (server.version.includes("PGlite")) {
    return (
      `pgTAP is not available in ${where}: it is the local stack's embedded PGlite, which has no pgTAP. ` +
      "Run the stack on a PostgreSQL with pgTAP (`DATABASE_URL=postgresql://… npm run stack`) or use `supabase start`."
    );
  }
  return (
    `pgTAP is not installed on the PostgreSQL ${server.major} server of ${where}: install it on that server ` +
    `(Debian/Ubuntu: \`apt-get install postgresql-${server.major}-pgtap\`; macOS: \`brew install pgtap\`; ` +
    "elsewhere: `make install` in a pgTAP release, see pgtap.org), or use `supabase start`, which has it."
  );
}
