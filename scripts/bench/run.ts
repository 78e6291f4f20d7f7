// `npm run bench`: measures the Send Message API on a production build against the local stack on real
// PostgreSQL, with load from a separate process (autocannon). Prints its tables; a recorded run writes
// bench/results/latest.json and refreshes the table in docs/benchmark.md. Exits 1 on any wrong answer, never on
// a timing. The phases, in order: fixtures, load rows, round trips, the race, response bytes, the broadcast
// trigger's cost, pages, scale rows, Realtime.
//
// Settings (environment): DATABASE_URL (server for the throwaway `bench_<ts>` database, default
// postgresql://postgres:postgres@127.0.0.1:5432/postgres), BENCH_RUNS (3), BENCH_DURATION (5 s),
// BENCH_CONNECTIONS ("1,16,64"), BENCH_RACE (200), BENCH_SCALE ("full", "10m", "plan" or "off": the scale
// rows, see scale-rows.ts), BENCH_SCALE_CONNECTIONS (16), BENCH_PAGES ("on" or "off") and
// BENCH_PAGES_CONNECTIONS (16), BENCH_REALTIME* (phases/realtime.ts), BENCH_RECORD ("0": print the tables only,
// write nothing, as CI does).
import { availableParallelism, cpus, totalmem } from "node:os";
import { withClient } from "local-supabase";
import { DEFAULT_SERVER_URL } from "../test-harness/production-app.ts";
import { readSettings } from "./context.ts";
import { median } from "./numbers.ts";
import { measureLoadRows } from "./phases/load-rows.ts";
import { measurePages, pageSettings } from "./phases/pages.ts";
import { runRaces } from "./phases/race.ts";
import { measureResponseBytes } from "./phases/response-bytes.ts";
import { measureRoundTrips } from "./phases/round-trips.ts";
import { broadcastTriggerTarget, measureBroadcastTrigger } from "./phases/broadcast-trigger.ts";
import { measureRealtime, realtimeTargets } from "./phases/realtime.ts";
import { measureScale } from "./phases/scale.ts";
import { recordRun, renderMarkdown } from "./report.ts";
import type { BenchResult, Machine } from "./result.ts";
import { setUpBench, type BenchRun } from "./set-up.ts";
import { pageTargets, targets, wrongAnswers } from "./verdict.ts";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function machine(dbUrl: string): Promise<Machine> {
  const postgres = await withClient(
    dbUrl,
    async (c) => (await c.query<{ v: string }>("select version() as v")).rows[0]!.v,
  );
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { scaleConnections, record, ...settings } = readSettings(process.env);
  const pagesSetting = pageSettings(process.env);
  let run: BenchRun | null = null;
  const cleanup = async () => {
    await run?.stop();
  };
  const onSignal = () => {
    log("interrupted: cleaning up");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    run = await setUpBench(settings, log);
    const { context, build } = run;
    const { stack, app } = context;

    const figures = await measureLoadRows(context);
    const roundTrips = await measureRoundTrips(context);
    const races = await runRaces(context);
    const bytes = await measureResponseBytes(context);
    const broadcastTrigger = await measureBroadcastTrigger(context);
    const pages = pagesSetting.enabled ? await measurePages(context, pagesSetting.connections, run.captureFile) : null;
    const scale = await measureScale(context, scaleConnections);
    // Last, in its own child process and database: its 2,000 sockets must not share the machine with the load.
    const realtime = await measureRealtime(process.env, process.env.DATABASE_URL || DEFAULT_SERVER_URL, log);

    const result: BenchResult = {
      startedAt: new Date(started).toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      command: "npm run bench",
      settings,
      machine: await machine(stack.dbUrl),
      build: { rebuilt: build.built, reason: build.reason, ms: build.ms },
      figures,
      roundTrips,
      races,
      race: {
        wallMsMedian: median(races.map((r) => r.wallMs)),
        uniqueViolationsMedian: median(races.map((r) => r.uniqueViolations)),
      },
      bytes,
      scale,
      broadcastTrigger,
      pages,
      realtime,
      targets: [
        ...targets(figures, roundTrips),
        broadcastTriggerTarget(broadcastTrigger),
        ...pageTargets(pages),
        ...(realtime ? realtimeTargets(realtime) : []),
      ],
      appServerErrors: app.stderrLines().filter((l) => l.includes("API error")).length,
    };
    const table = renderMarkdown(result);
    process.stdout.write("\n" + table + "\n");
    log(`${record ? await recordRun(result, table) : "BENCH_RECORD=0: nothing written"}; ${result.durationS} s in all`);
    const wrong = wrongAnswers(result);
    for (const line of wrong) log(`FAILED: ${line}`);
    if (wrong.length) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
