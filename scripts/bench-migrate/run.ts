// `npm run bench:migrate`: how long sends and reads stall while each migration that touches the big tables is
// deployed at marketplace scale.
//
// For each stage below: a throwaway database on DATABASE_URL's server, migrated up to the stage's first file,
// loaded with 200,000 inquiries and 1,000,000 messages (stage-data.ts; before the merge, 5 % duplicates);
// sends and reads start (traffic.ts) and run for a warm-up second; the stage's files are deployed with the real
// Supabase CLI (`supabase migration up`), run again if it gives up on a lock_timeout; traffic stops a second
// after. Prints, per stage, the longest wait of a send and of a read, failures, sends lost, and the rows before
// and after; `--small` runs it at a tenth of the size. Needs PostgreSQL (DATABASE_URL, default the local
// server); run it under `flock /tmp/heavy.lock`.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyBase, cliDbUrl, createThrowawayDatabase, runSupabaseCli, withClient } from "local-supabase";
import { loadStageData, MARKETPLACE, SMALL } from "./stage-data.ts";
import { startTraffic, type TrafficReport } from "./traffic.ts";

const serverUrl = process.env.DATABASE_URL || "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
const size = process.argv.includes("--small") ? SMALL : MARKETPLACE;
const only = process.argv.find((a) => a.startsWith("--stage="))?.slice("--stage=".length);
const migrationsUrl = new URL("../../supabase/migrations/", import.meta.url);
const configUrl = new URL("../../supabase/config.toml", import.meta.url);
const migrationFiles = readdirSync(migrationsUrl)
  .filter((name) => name.endsWith(".sql"))
  .sort();
const LOCK_TIMEOUT = /canceling statement due to lock timeout|SQLSTATE 55P03/;
const DEPLOY_ATTEMPTS = 5;

type Stage = { name: string; first: string; last: string };

/** Every migration after the tables exist, grouped as deployed together. */
const STAGES: Stage[] = [
  { name: "merge duplicates, unique indexes", first: "20261120000000", last: "20261120000000" },
  { name: "set-based RLS (14 files)", first: "20261128100000", last: "20261128101300" },
  { name: "display name rules", first: "20261128120000", last: "20261128120000" },
  { name: "keep replies of deleted staff (2 files)", first: "20261128120100", last: "20261128120200" },
  { name: "insert check on audience", first: "20261129100000", last: "20261129100000" },
  { name: "display names without format characters", first: "20261202120000", last: "20261202120000" },
];

const filesOf = (stage: Stage) =>
  migrationFiles.filter((f) => f.slice(0, 14) >= stage.first && f.slice(0, 14) <= stage.last);

async function rowCounts(url: string) {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ conversations: string; messages: string }>(
      "select (select count(*) from public.conversations) as conversations, (select count(*) from public.messages) as messages",
    );
    return { conversations: Number(rows[0]!.conversations), messages: Number(rows[0]!.messages) };
  });
}

async function deploy(url: string, files: string[]): Promise<{ seconds: number; lockTimeouts: number }> {
  const workdir = mkdtempSync(join(tmpdir(), "bench-migrate-"));
  mkdirSync(join(workdir, "supabase", "migrations"), { recursive: true });
  copyFileSync(configUrl, join(workdir, "supabase", "config.toml"));
  // The config names the email templates; the CLI reads them even for `migration up`.
  cpSync(new URL("../../supabase/templates/", import.meta.url), join(workdir, "supabase", "templates"), {
    recursive: true,
  });
  for (const f of files) copyFileSync(new URL(f, migrationsUrl), join(workdir, "supabase", "migrations", f));
  const started = performance.now();
  let lockTimeouts = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await runSupabaseCli(["migration", "up", "--db-url", cliDbUrl(url)], { workdir });
        break;
      } catch (error) {
        if (!LOCK_TIMEOUT.test(String(error)) || attempt >= DEPLOY_ATTEMPTS) throw error;
        lockTimeouts += 1;
      }
    }
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  return { seconds: (performance.now() - started) / 1000, lockTimeouts };
}

type Row = {
  stage: Stage;
  files: number;
  deploySeconds: number;
  lockTimeouts: number;
  traffic: TrafficReport;
  lost: number;
  before: { conversations: number; messages: number };
  after: { conversations: number; messages: number };
};

async function runStage(stage: Stage): Promise<Row> {
  const files = filesOf(stage);
  if (files.length === 0) throw new Error(`no migration files for stage ${stage.name}`);
  const database = await createThrowawayDatabase(serverUrl, "migbench");
  try {
    await applyBase(database.url);
    await withClient(database.url, async (c) => {
      c.on("notice", () => {});
      for (const f of migrationFiles.filter((f) => f < files[0]!)) {
        await c.query(readFileSync(new URL(f, migrationsUrl), "utf8"));
      }
    });
    const audienceColumns = stage.first > "20261128100000";
    const loadStarted = performance.now();
    await loadStageData(database.url, size, { audienceColumns, duplicates: stage.first === "20261120000000" });
    const before = await rowCounts(database.url);
    console.log(
      `  ${stage.name}: loaded ${before.conversations} conversations, ${before.messages} messages in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
    );

    const traffic = startTraffic(database.url, { senders: 4, readers: 4 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    traffic.reset();
    const deployed = await deploy(database.url, files);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const report = await traffic.stop();

    const after = await rowCounts(database.url);
    const lost = await withClient(database.url, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        "select count(*) as n from unnest($1::uuid[]) k where not exists (select 1 from public.messages m where m.client_message_id = k)",
        [report.acknowledged],
      );
      return Number(rows[0]!.n);
    });
    return {
      stage,
      files: files.length,
      deploySeconds: deployed.seconds,
      lockTimeouts: deployed.lockTimeouts,
      traffic: report,
      lost,
      before,
      after,
    };
  } finally {
    await database.drop();
  }
}

function table(rows: Row[]): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = [
    "| migration | deploy | longest send wait | longest read wait | sends / reads | failures | sends lost | conversations before → after | messages before → after |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const failures = r.traffic.failures.length === 0 ? "0" : `${r.traffic.failures.length}: ${r.traffic.failures[0]}`;
    lines.push(
      `| ${r.stage.name} | ${r.deploySeconds.toFixed(1)} s${r.lockTimeouts ? ` (${r.lockTimeouts} lock timeouts)` : ""} | ${(r.traffic.longestSendMs / 1000).toFixed(2)} s | ${(r.traffic.longestReadMs / 1000).toFixed(2)} s | ${n(r.traffic.sends)} / ${n(r.traffic.reads)} | ${failures} | ${r.lost} | ${n(r.before.conversations)} → ${n(r.after.conversations)} | ${n(r.before.messages)} → ${n(r.after.messages)} |`,
    );
  }
  return lines.join("\n");
}

const started = performance.now();
console.log(
  `bench:migrate on ${new URL(serverUrl).host}, ${size === SMALL ? "small" : "marketplace"} size; sends and reads on 8 connections`,
);
const rows: Row[] = [];
for (const stage of STAGES.filter((s) => !only || s.first === only)) {
  rows.push(await runStage(stage));
}
console.log(`\n${table(rows)}\n`);
console.log(`bench:migrate took ${((performance.now() - started) / 1000).toFixed(0)} s`);
const overTarget = rows.filter((r) => Math.max(r.traffic.longestSendMs, r.traffic.longestReadMs) > 2000);
if (overTarget.length > 0) console.log(`over the 2 s target: ${overTarget.map((r) => r.stage.name).join(", ")}`);
if (rows.some((r) => r.lost > 0)) process.exitCode = 1;
