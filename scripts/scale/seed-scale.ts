// `npm run seed:scale`: loads marketplace-scale data (scripts/scale/scale-data.ts, FULL_SCALE) with one bulk SQL
// script, onto a migrated database:
//  - DATABASE_URL when set;
//  - else the running stack's embedded database on 127.0.0.1:54322;
//  - else the embedded PGlite data in .supabase-local/pglite, opened just for the load.
// Run `npm run db:reset` first if the database has never been migrated. `--plan-size` loads the smaller set the
// plan tests use.
import { join } from "node:path";
import {
  connectExternalDatabase,
  defaultDataDir,
  DEFAULT_PORTS,
  isPortFree,
  startEmbeddedDatabase,
  withClient,
  type Database,
} from "local-supabase";
import { FULL_SCALE, PLAN_SCALE, SCALE_VACUUM_SQL, scaleDataSql, scaleRowCounts } from "./scale-data.ts";

const log = (line: string) => process.stderr.write(`[seed:scale] ${line}\n`);

async function openDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await connectExternalDatabase(url);
    log(`PostgreSQL ${db.host}:${db.port}/${new URL(url).pathname.slice(1)}`);
    return db;
  }
  const port = DEFAULT_PORTS.db;
  if (!(await isPortFree(port))) {
    log(`the running stack's database on 127.0.0.1:${port}`);
    const running = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    return { kind: "pglite", url: running, host: "127.0.0.1", port, close: async () => {} };
  }
  const dir = join(defaultDataDir(), "pglite");
  log(`stack not running: opening PGlite ${dir} on 127.0.0.1:${port}`);
  return startEmbeddedDatabase({ dataDir: dir, port });
}

async function main(): Promise<void> {
  const size = process.argv.includes("--plan-size") ? PLAN_SCALE : FULL_SCALE;
  const counts = scaleRowCounts(size);
  const db = await openDatabase();
  try {
    log(
      `loading ${counts.users} users, ${counts.agencies} agencies, ${counts.conversations} conversations, ` +
        `${counts.messages} messages`,
    );
    const started = Date.now();
    await withClient(db.url, async (client) => {
      client.on("notice", () => {});
      await client.query("set statement_timeout = 0");
      await client.query(scaleDataSql(size));
      await client.query(SCALE_VACUUM_SQL);
    });
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
