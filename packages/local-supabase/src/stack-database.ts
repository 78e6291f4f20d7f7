// The database the stack uses, for a tool that works on it outside `startStack` (db-reset, a bulk load):
//  - DATABASE_URL when set;
//  - else the running stack's embedded database on 127.0.0.1:54322;
//  - else the embedded PGlite data in .supabase-local/pglite, opened just for the tool (closed by `close()`).
import { join } from "node:path";
import { connectExternalDatabase, type Database } from "./database.ts";
import { withClient } from "./pg-client.ts";
import { startEmbeddedDatabase } from "./pglite-wire-server.ts";
import { isPortFree } from "./ports.ts";
import { DEFAULT_PORTS, defaultDataDir } from "./start-stack.ts";

export async function openStackDatabase(log: (line: string) => void): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await connectExternalDatabase(url);
    log(`PostgreSQL ${db.host}:${db.port}/${new URL(url).pathname.slice(1)}`);
    return db;
  }
  const port = DEFAULT_PORTS.db;
  if (!(await isPortFree(port))) {
    const running = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    try {
      await withClient(running, (c) => c.query("select 1"));
    } catch (err) {
      throw new Error(`port ${port} is in use but does not answer as the stack's database: ${(err as Error).message}`);
    }
    log(`the running stack's database on 127.0.0.1:${port}`);
    return { kind: "pglite", url: running, host: "127.0.0.1", port, close: async () => {} };
  }
  const dir = join(defaultDataDir(), "pglite");
  log(`stack not running: opening PGlite ${dir} on 127.0.0.1:${port}`);
  return startEmbeddedDatabase({ dataDir: dir, port });
}
