// `npm run seed:scale`: loads marketplace-scale data (scripts/scale/scale-data.ts, FULL_SCALE) with one bulk SQL
// script, onto a migrated database: the one the stack uses (DATABASE_URL, else the running stack's embedded
// database once it proves to be that stack's, else the embedded PGlite data opened just for the load; anything
// else on port 54322 is refused, see local-supabase's stack-database.ts).
// Run `npm run db:reset` first if the database has never been migrated. `--plan-size` loads the smaller set the
// plan tests use.
import { openStackDatabase } from "local-supabase";
import { FULL_SCALE, loadScaleData, PLAN_SCALE, scaleRowCounts } from "./scale-data.ts";

const log = (line: string) => process.stderr.write(`[seed:scale] ${line}\n`);

async function main(): Promise<void> {
  const size = process.argv.includes("--plan-size") ? PLAN_SCALE : FULL_SCALE;
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
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
