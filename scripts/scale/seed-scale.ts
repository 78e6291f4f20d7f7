// `npm run seed:scale`: loads marketplace-scale data (scripts/scale/scale-data.ts) with one bulk SQL script, onto
// a migrated database: the one the stack uses (DATABASE_URL, else the running stack's embedded database once it
// proves to be that stack's, else the embedded PGlite data opened just for the load; anything else on port 54322
// is refused, see local-supabase's stack-database.ts).
// Run `npm run db:reset` first if the database has never been migrated. `--size 1m` (the default) or
// `--size 10m` (10M messages, 2M conversations: load it into PostgreSQL, not PGlite); `--plan-size` loads the
// smaller set the plan tests use.
import { openStackDatabase, withClient } from "local-supabase";
import {
  loadScaleData,
  PLAN_SCALE,
  SCALE_SIZES,
  scaleRowCounts,
  UNREAD_TOTALS_MISMATCHES_SQL,
  type ScaleSize,
} from "./scale-data.ts";

const log = (line: string) => process.stderr.write(`[seed:scale] ${line}\n`);

function sizeFromArguments(args: string[]): ScaleSize {
  if (args.includes("--plan-size")) return PLAN_SCALE;
  const at = args.findIndex((arg) => arg === "--size" || arg.startsWith("--size="));
  if (at === -1) return SCALE_SIZES["1m"];
  const name = args[at]!.includes("=") ? args[at]!.slice("--size=".length) : args[at + 1];
  if (name === "1m" || name === "10m") return SCALE_SIZES[name];
  throw new Error(`--size must be 1m or 10m (got ${name ?? "nothing"})`);
}

async function main(): Promise<void> {
  const size = sizeFromArguments(process.argv.slice(2));
  const counts = scaleRowCounts(size);
  const db = await openStackDatabase(log);
  try {
    log(
      `loading ${counts.users} users, ${counts.agencies} agencies, ${counts.conversations} conversations, ` +
        `${counts.messages} messages`,
    );
    const started = Date.now();
    await loadScaleData(db.url, size);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The unread totals are kept by triggers the load skips: check that the loader filled them.
    const mismatches = await withClient(db.url, async (client) => {
      await client.query("set statement_timeout = 0");
      const result = await client.query<{ mismatches: string }>(UNREAD_TOTALS_MISMATCHES_SQL);
      return Number(result.rows[0]!.mismatches);
    });
    if (mismatches !== 0) throw new Error(`${mismatches} unread totals differ from the loaded conversations`);
    log("unread totals checked against the conversations and read markers");
    const bytes = await withClient(db.url, async (client) => {
      const result = await client.query<{ size: string }>("select pg_database_size(current_database()) as size");
      return Number(result.rows[0]!.size);
    });
    log(`database size: ${(bytes / 1024 ** 3).toFixed(2)} GiB`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
