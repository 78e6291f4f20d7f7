// The database the stack uses, for a tool that works on it outside `startStack` (db-reset, a bulk load):
//  - DATABASE_URL when set: that database, on purpose;
//  - else the embedded database of the stack running on this data directory, when it proves to be that stack's:
//    `<dataDir>/stack.pid` names a live owner (same pid, start time and executable) and the database on the
//    port recorded there carries the marker recorded there (stack-marker.ts);
//  - else, when no stack runs, the embedded PGlite data in .supabase-local/pglite, opened just for the tool
//    (closed by `close()`) on 127.0.0.1:54322.
// Anything else answering on that port (another project's `supabase start` uses 54322 too) is refused: the
// tools never touch a database they cannot prove is this stack's.
import { join } from "node:path";
import pg from "pg";
import { connectExternalDatabase, type Database } from "./database.ts";
import { errorText } from "./pg-client.ts";
import { startEmbeddedDatabase } from "./pglite-wire-server.ts";
import { isPortFree } from "./ports.ts";
import { readRunningStack } from "./stack-pid-file.ts";
import { readStackMarker } from "./stack-marker.ts";
import { DEFAULT_PORTS, defaultDataDir } from "./start-stack.ts";

/** Thrown when a tool cannot prove which database is this stack's. The message is the one line for the user. */
export class ForeignDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForeignDatabaseError";
  }
}

const notOurs = (port: number, what: string, why: string) =>
  new ForeignDatabaseError(
    `port ${port} is served by ${what}, which is not this project's local stack (${why}); nothing was changed. ` +
      "Stop that server, or set DATABASE_URL to the database you mean.",
  );

export type StackDatabaseOptions = {
  /** The stack's data directory (default `./.supabase-local`). */
  dataDir?: string;
  /** The port to serve PGlite on when no stack runs (default 54322). */
  port?: number;
};

const superuserUrl = (port: number) => `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

/** What answers on `url`: a short description, and the database's stack marker. */
async function inspect(url: string): Promise<{ what: string; marker: string | null }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const version = (await client.query<{ v: string }>("select version() as v")).rows[0]?.v ?? "PostgreSQL";
    return { what: version.split(" on ")[0]!, marker: await readStackMarker(client) };
  } catch (err) {
    return { what: `a server that postgres/postgres cannot use (${errorText(err)})`, marker: null };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openStackDatabase(
  log: (line: string) => void,
  opts: StackDatabaseOptions = {},
): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await connectExternalDatabase(url);
    log(`PostgreSQL ${db.host}:${db.port}/${new URL(url).pathname.slice(1)}`);
    return db;
  }
  const dataDir = opts.dataDir ?? defaultDataDir();
  const running = await readRunningStack(dataDir);
  if (running) {
    if (!running.database) {
      throw new ForeignDatabaseError(
        `the stack running on ${dataDir} (process ${running.pid}) records no embedded database: it runs on ` +
          "the PostgreSQL its DATABASE_URL names, or is still starting; nothing was changed. Set DATABASE_URL to " +
          "the database you mean.",
      );
    }
    const { port, marker } = running.database;
    const answered = await inspect(superuserUrl(port));
    if (answered.marker !== marker) {
      throw notOurs(
        port,
        answered.what,
        `it lacks the marker of the stack running on ${dataDir} as process ${running.pid}`,
      );
    }
    log(`the running stack's database on 127.0.0.1:${port} (process ${running.pid})`);
    return { kind: "pglite", url: superuserUrl(port), host: "127.0.0.1", port, close: async () => {} };
  }
  const port = opts.port ?? DEFAULT_PORTS.db;
  if (!(await isPortFree(port))) {
    const answered = await inspect(superuserUrl(port));
    throw notOurs(port, answered.what, `no stack of this project runs on ${dataDir}`);
  }
  const dir = join(dataDir, "pglite");
  log(`stack not running: opening PGlite ${dir} on 127.0.0.1:${port}`);
  return startEmbeddedDatabase({ dataDir: dir, port });
}
