// `npm run bench`: measures the Send Message API on a production build against the local stack on real
// PostgreSQL, with load from a separate process (autocannon). Prints a table, writes bench/results/<ts>.json and
// bench/results/latest.json, and refreshes the table in docs/benchmark.md.
//
// Settings (environment): DATABASE_URL (server for the throwaway `bench_<ts>` database, default
// postgresql://postgres:postgres@127.0.0.1:5432/postgres), BENCH_RUNS (3), BENCH_DURATION (5 s),
// BENCH_CONNECTIONS ("1,16,64"), BENCH_RACE (200), BENCH_SCALE ("full", "plan" or "off": the scale rows, see
// scale-rows.ts), BENCH_SCALE_CONNECTIONS (16), BENCH_RECORD ("0": print the tables only, write neither
// bench/results nor docs/benchmark.md, as CI does).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { PUBLISHABLE_KEY, createUsers, gatewayStats, resetGatewayStats, withClient } from "local-supabase";
import { createAgencies } from "../app/agencies.ts";
import {
  DIST_DIRS,
  REPO_ROOT,
  ensureBuild,
  publicEnvOf,
  startApp,
  startStackOnFreshDatabase,
  type AppServer,
  type TestStack,
} from "../app/production-app.ts";
import type { AutocannonJob, AutocannonSummary, Target } from "./load-worker.ts";
import { runLoadWorker } from "./run-load-worker.ts";
import { measureScaleRows, renderScaleRows, type ScaleResult } from "./scale-rows.ts";

const RUNS = positive(process.env.BENCH_RUNS, 3);
const DURATION = positive(process.env.BENCH_DURATION, 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "1,16,64").split(",").map((c) => positive(c, 1));
const RACE_N = positive(process.env.BENCH_RACE, 200);
const SCALE_CONNECTIONS = positive(process.env.BENCH_SCALE_CONNECTIONS, 16);
const RECORD = process.env.BENCH_RECORD !== "0";
const RACE_RUNS = 3;
const WARMUP_S = 1;
const USERS = 64;
/** Agencies per create-path run: USERS × this many distinct new pairs. */
const CREATE_SLICE = 60;
const ROUND_TRIP_SAMPLE = 20;
/** Recorded instead of 200 when a retried send answered 200 without `message_replayed`. */
const STORED_AGAIN = 2001;
const INBOX_SIZE = 500;
const RESULTS_DIR = join(REPO_ROOT, "bench", "results");
const DOC = join(REPO_ROOT, "docs", "benchmark.md");

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Scenario = { name: string; label: string; url: string; target: (run: number) => Target };

type Figure = {
  scenario: string;
  label: string;
  connections: number;
  runs: AutocannonSummary[];
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
  ratios?: { p50VsRest: number; p50VsHealth: number; rpsVsRest: number; rpsVsHealth: number };
};

async function measure(scenario: Scenario, connections: number, runCounter: { n: number }): Promise<Figure> {
  const job = (duration: number): AutocannonJob => ({
    mode: "autocannon",
    url: scenario.url,
    connections,
    duration,
    target: scenario.target(runCounter.n++),
  });
  await runLoadWorker(job(WARMUP_S));
  const runs: AutocannonSummary[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await runLoadWorker(job(DURATION)));
  const figure: Figure = {
    scenario: scenario.name,
    label: scenario.label,
    connections,
    runs,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    rps: median(runs.map((r) => r.rps)),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors + r.timeouts, 0),
  };
  const reused = runs.reduce((s, r) => s + r.reusedPairs, 0);
  log(
    `${scenario.name} @${connections}: p50 ${figure.p50} ms, p99 ${figure.p99} ms, ${figure.rps.toFixed(0)} req/s` +
      (figure.non2xx || figure.errors ? `, non-2xx ${figure.non2xx}, errors ${figure.errors}` : "") +
      (reused ? `, ${reused} requests reused a pair` : ""),
  );
  return figure;
}

type HttpAnswer = { status: number; body: Buffer; headers: Record<string, string | string[] | undefined>; ms: number };

/** One GET with node:http, so that the bytes on the wire (after Content-Encoding) can be counted. */
function httpGet(url: string, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = httpRequest(url, { method: "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          headers: res.headers,
          ms: performance.now() - t0,
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

async function postJson(
  url: string,
  token: string,
  body: unknown,
  requestId?: string,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  if (requestId) headers["x-request-id"] = requestId;
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

type RoundTrips = {
  path: string;
  sample: number;
  statuses: Record<string, number>;
  /** Per x-request-id, as counted by the gateway (median and max over the sample). */
  perRequest: {
    auth: { median: number; max: number };
    rest: { median: number; max: number };
    total: { median: number; max: number };
  };
  /** Every request the gateway saw during the sample, divided by the sample size (catches calls without the id). */
  gatewayTotalPerRequest: { auth: number; rest: number };
};

function summarizeIds(stats: Awaited<ReturnType<typeof gatewayStats>>, ids: string[]) {
  const auth = ids.map((id) => stats.byRequestId[id]?.auth ?? 0);
  const rest = ids.map((id) => stats.byRequestId[id]?.rest ?? 0);
  const total = ids.map((_, i) => auth[i]! + rest[i]!);
  const mm = (xs: number[]) => ({ median: median(xs), max: Math.max(...xs) });
  return { auth: mm(auth), rest: mm(rest), total: mm(total), totals: total };
}

/** Waits until the gateway sees no more traffic (requests the app server still works through after a load run). */
async function settle(apiUrl: string): Promise<void> {
  const total = async () => {
    const s = await gatewayStats(apiUrl);
    return s.services.rest.total + s.services.auth.total;
  };
  let last = await total();
  let quiet = 0;
  for (let i = 0; i < 60 && quiet < 2; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await total();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

async function roundTrips(
  apiUrl: string,
  path: string,
  send: (requestId: string, i: number) => Promise<number>,
): Promise<RoundTrips> {
  await settle(apiUrl);
  await resetGatewayStats(apiUrl);
  const ids: string[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < ROUND_TRIP_SAMPLE; i++) {
    const id = `rt-${path}-${i}-${crypto.randomUUID().slice(0, 8)}`;
    ids.push(id);
    const status = await send(id, i);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const stats = await gatewayStats(apiUrl);
  const s = summarizeIds(stats, ids);
  return {
    path,
    sample: ROUND_TRIP_SAMPLE,
    statuses,
    perRequest: { auth: s.auth, rest: s.rest, total: s.total },
    gatewayTotalPerRequest: {
      auth: stats.services.auth.total / ROUND_TRIP_SAMPLE,
      rest: stats.services.rest.total / ROUND_TRIP_SAMPLE,
    },
  };
}

async function machine(dbUrl: string) {
  const pgVersion = await withClient(
    dbUrl,
    async (c) => (await c.query<{ v: string }>("select version() as v")).rows[0]!.v,
  );
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: pgVersion,
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

async function main(): Promise<void> {
  const started = Date.now();
  let test: TestStack | null = null;
  let app: AppServer | null = null;
  const cleanup = async () => {
    await app?.stop().catch(() => {});
    await test?.stop().catch(() => {});
  };
  const onSignal = () => {
    log("interrupted: cleaning up");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    test = await startStackOnFreshDatabase({
      serverUrl: process.env.DATABASE_URL || undefined,
      prefix: "bench",
      log: (l) => log(`stack: ${l}`),
    });
    const { stack } = test;
    const build = await ensureBuild({ distDir: DIST_DIRS.measured, publicEnv: publicEnvOf(stack.env), log });
    app = await startApp({ distDir: DIST_DIRS.measured, env: stack.env, log });
    const host = await machine(stack.dbUrl);
    const conversationsUrl = `${app.url}/api/messages/conversations`;

    // Fixtures: USERS users, each with one existing conversation; agencies for new pairs; a user with a big inbox.
    const setupStarted = Date.now();
    const users = await createUsers(stack.apiUrl, "bench", USERS);
    const existingAgencies = await createAgencies(stack.dbUrl, USERS, "existing");
    await Promise.all(
      users.map(async (u, i) => {
        const r = await postJson(conversationsUrl, u.accessToken, {
          context_type: "agency_inquiry",
          context_id: existingAgencies[i],
          initial_message: "Hello",
          client_message_id: crypto.randomUUID(),
        });
        if (r.status !== 201) throw new Error(`setup conversation: HTTP ${r.status} ${JSON.stringify(r.json)}`);
      }),
    );
    const createRuns = CONNECTIONS.length * (RUNS + 1);
    const createAgencyIds = await createAgencies(
      stack.dbUrl,
      createRuns * CREATE_SLICE + 2 * ROUND_TRIP_SAMPLE + RACE_RUNS,
      "create",
    );
    let createCursor = 0;
    const takeAgencies = (n: number) => {
      const slice = createAgencyIds.slice(createCursor, createCursor + n);
      createCursor += n;
      if (slice.length < n) throw new Error("out of benchmark agencies");
      return slice;
    };
    log(
      `fixtures: ${USERS} users with a conversation each, ${createAgencyIds.length} agencies for new pairs (${Date.now() - setupStarted} ms)`,
    );

    const tokens = users.map((u) => u.accessToken);
    const scenarios: Scenario[] = [
      {
        name: "health",
        label: "GET /api/health (Next.js, no I/O)",
        url: `${app.url}/api/health`,
        target: () => ({ kind: "health" }),
      },
      {
        name: "rest",
        label: "GET /rest/v1/agencies?select=id&limit=1 (PostgREST via gateway)",
        url: `${stack.apiUrl}/rest/v1/agencies?select=id&limit=1`,
        target: () => ({ kind: "rest", headers: { apikey: PUBLISHABLE_KEY } }),
      },
      {
        name: "existing",
        label: "POST conversations, conversation exists",
        url: conversationsUrl,
        target: () => ({ kind: "existing", tokens, agencies: existingAgencies }),
      },
      {
        name: "create",
        label: "POST conversations, new agency-user pair",
        url: conversationsUrl,
        target: () => ({ kind: "create", tokens, agencies: takeAgencies(CREATE_SLICE) }),
      },
    ];

    const figures: Figure[] = [];
    for (const scenario of scenarios) {
      const counter = { n: 0 };
      for (const c of CONNECTIONS) {
        await settle(stack.apiUrl); // nothing left over from the previous row
        figures.push(await measure(scenario, c, counter));
      }
    }
    const baseline = (name: string, c: number) => figures.find((f) => f.scenario === name && f.connections === c)!;
    for (const f of figures) {
      const rest = baseline("rest", f.connections);
      const health = baseline("health", f.connections);
      f.ratios = {
        p50VsRest: ratio(f.p50, rest.p50),
        p50VsHealth: ratio(f.p50, health.p50),
        rpsVsRest: ratio(f.rps, rest.rps),
        rpsVsHealth: ratio(f.rps, health.rps),
      };
    }

    // Round trips per request, sequential sample with known x-request-ids.
    let rtUser = 0;
    const rtExisting = await roundTrips(stack.apiUrl, "existing", async (id) => {
      const i = rtUser++ % USERS;
      const r = await postJson(
        conversationsUrl,
        tokens[i]!,
        {
          context_type: "agency_inquiry",
          context_id: existingAgencies[i],
          initial_message: "round trip",
          client_message_id: crypto.randomUUID(),
        },
        id,
      );
      return r.status;
    });
    const rtAgencies = takeAgencies(ROUND_TRIP_SAMPLE);
    const rtCreate = await roundTrips(stack.apiUrl, "create", async (id, i) => {
      const r = await postJson(
        conversationsUrl,
        tokens[i % USERS]!,
        {
          context_type: "agency_inquiry",
          context_id: rtAgencies[i],
          initial_message: "round trip",
          client_message_id: crypto.randomUUID(),
        },
        id,
      );
      return r.status;
    });
    // A retry of an already stored send (same client_message_id): conversation exists, message replayed.
    const replays = Array.from({ length: ROUND_TRIP_SAMPLE }, (_, i) => ({
      token: tokens[i % USERS]!,
      body: {
        context_type: "agency_inquiry",
        context_id: existingAgencies[i % USERS],
        initial_message: `retry ${i}`,
        client_message_id: crypto.randomUUID(),
      },
    }));
    for (const r of replays) {
      const first = await postJson(conversationsUrl, r.token, r.body);
      if (first.status !== 200) throw new Error(`replay setup: HTTP ${first.status} ${JSON.stringify(first.json)}`);
    }
    const rtReplay = await roundTrips(stack.apiUrl, "replay", async (id, i) => {
      const r = await postJson(conversationsUrl, replays[i]!.token, replays[i]!.body, id);
      // A retry must return the stored message, not store it again.
      const replayed = (r.json as { data?: { message_replayed?: boolean } }).data?.message_replayed === true;
      return r.status === 200 && !replayed ? STORED_AGAIN : r.status;
    });
    for (const rt of [rtExisting, rtCreate, rtReplay]) {
      log(
        `round trips ${rt.path}: auth ${rt.perRequest.auth.median} (max ${rt.perRequest.auth.max}), rest ${rt.perRequest.rest.median} (max ${rt.perRequest.rest.max}); gateway total per request ${rt.gatewayTotalPerRequest.auth + rt.gatewayTotalPerRequest.rest}`,
      );
    }

    // The race: RACE_N identical POSTs at once (same user, agency and client_message_id), RACE_RUNS times.
    const races = [];
    for (let r = 0; r < RACE_RUNS; r++) {
      const user = users[r % USERS]!;
      const [agency] = takeAgencies(1);
      const clientMessageId = crypto.randomUUID();
      await settle(stack.apiUrl);
      const before = await gatewayStats(stack.apiUrl);
      const prefix = `race${r}-${crypto.randomUUID().slice(0, 6)}-`;
      const result = await runLoadWorker(
        {
          mode: "race",
          url: conversationsUrl,
          n: RACE_N,
          headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
          body: JSON.stringify({
            context_type: "agency_inquiry",
            context_id: agency,
            initial_message: "The race",
            client_message_id: clientMessageId,
          }),
          requestIdPrefix: prefix,
        },
        120_000,
      );
      const after = await gatewayStats(stack.apiUrl);
      const ids = Array.from({ length: RACE_N }, (_, i) => `${prefix}${i}`);
      const perId = summarizeIds(after, ids);
      const distribution: Record<string, number> = {};
      for (const t of perId.totals) distribution[t] = (distribution[t] ?? 0) + 1;
      const rows = await withClient(stack.dbUrl, async (c) => {
        const conv = await c.query<{ n: string }>(
          "select count(*) as n from public.conversations where context_id = $1 and created_by = $2",
          [agency, user.id],
        );
        const msg = await c.query<{ n: string }>(
          "select count(*) as n from public.messages where client_message_id = $1 and sender_id = $2",
          [clientMessageId, user.id],
        );
        return { conversations: Number(conv.rows[0]!.n), messages: Number(msg.rows[0]!.n) };
      });
      const race = {
        wallMs: Math.round(result.wallMs),
        p50: Math.round(median(result.latencies)),
        statuses: result.statuses,
        failures: result.failures,
        uniqueViolations: (after.conflicts["23505"] ?? 0) - (before.conflicts["23505"] ?? 0),
        roundTripsPerRequest: distribution,
        rows,
      };
      log(
        `race ${r + 1}: all ${RACE_N} answered in ${race.wallMs} ms, statuses ${JSON.stringify(race.statuses)}, 23505 × ${race.uniqueViolations}, rows ${JSON.stringify(rows)}`,
      );
      races.push(race);
    }

    // The button's check for a user with INBOX_SIZE conversations: the filtered check vs the whole list.
    const [inboxUser] = await createUsers(stack.apiUrl, "inbox", 1);
    if (!inboxUser) throw new Error("no inbox user");
    const inboxAgencies = await createAgencies(stack.dbUrl, INBOX_SIZE, "inbox");
    await withClient(stack.dbUrl, (c) =>
      c.query(
        `insert into public.conversations (context_type, context_id, created_by, last_message_at)
         select 'agency_inquiry', a, $1, now() - (n || ' minutes')::interval from unnest($2::uuid[]) with ordinality as t(a, n)`,
        [inboxUser.id, inboxAgencies],
      ),
    );
    const probeAgency = inboxAgencies[INBOX_SIZE - 1]!; // the oldest: last in the list order
    const auth = { authorization: `Bearer ${inboxUser.accessToken}` };
    const bytesOf = async (name: string, url: string, headers: Record<string, string>) => {
      const plain: HttpAnswer[] = [];
      for (let i = 0; i < 10; i++) plain.push(await httpGet(url, headers));
      const gz = await httpGet(url, { ...headers, "accept-encoding": "gzip" });
      const last = plain[plain.length - 1]!;
      let rows: number | null = null;
      try {
        const parsed = JSON.parse(last.body.toString("utf8")) as unknown;
        rows = Array.isArray(parsed)
          ? parsed.length
          : Array.isArray((parsed as { data?: unknown }).data)
            ? (parsed as { data: unknown[] }).data.length
            : null;
      } catch {
        rows = null;
      }
      const entry = {
        name,
        url: url.replace(app!.url, "").replace(stack.apiUrl, "<api>"),
        status: last.status,
        rows,
        bytes: last.body.length,
        gzipBytes: gz.headers["content-encoding"] === "gzip" ? gz.body.length : null,
        p50Ms: Math.round(median(plain.map((a) => a.ms)) * 10) / 10,
      };
      log(
        `bytes ${name}: HTTP ${entry.status}, ${entry.rows} rows, ${entry.bytes} B (gzip ${entry.gzipBytes ?? "n/a"}), p50 ${entry.p50Ms} ms`,
      );
      return entry;
    };
    const inboxOwn = await withClient(stack.dbUrl, async (c) =>
      Number(
        (
          await c.query<{ n: string }>("select count(*) as n from public.conversations where created_by = $1", [
            inboxUser.id,
          ])
        ).rows[0]!.n,
      ),
    );
    const bytes = {
      conversations: inboxOwn,
      check: await bytesOf(
        "check (filtered, limit=1)",
        `${conversationsUrl}?context_type=agency_inquiry&context_id=${probeAgency}&limit=1`,
        auth,
      ),
      list: await bytesOf("whole list via API (limit=100, the cap)", `${conversationsUrl}?limit=100`, auth),
      overCap: await bytesOf("limit=500 via API (over the cap)", `${conversationsUrl}?limit=500`, auth),
      rawFull: await bytesOf("raw PostgREST full list", `${stack.apiUrl}/rest/v1/conversations?select=*`, {
        ...auth,
        apikey: PUBLISHABLE_KEY,
      }),
    };

    // Last, because it loads a million rows into this database: the scale rows (seed size, then scale size).
    const scaleCounter = { n: 0 };
    const scale = await measureScaleRows(
      {
        appUrl: app.url,
        apiUrl: stack.apiUrl,
        dbUrl: stack.dbUrl,
        log,
        settle: () => settle(stack.apiUrl),
        measure: (scenario, connections) =>
          measure({ ...scenario, target: () => scenario.target() }, connections, scaleCounter),
        warmUp: async (scenario, connections) => {
          const job: AutocannonJob = {
            mode: "autocannon",
            url: scenario.url,
            connections,
            duration: WARMUP_S,
            target: scenario.target(),
          };
          await runLoadWorker(job);
        },
      },
      SCALE_CONNECTIONS,
    );

    const result = {
      startedAt: new Date(started).toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      command: "npm run bench",
      settings: {
        runs: RUNS,
        durationS: DURATION,
        connections: CONNECTIONS,
        raceN: RACE_N,
        raceRuns: RACE_RUNS,
        users: USERS,
        warmupS: WARMUP_S,
      },
      machine: host,
      build: { rebuilt: build.built, reason: build.reason, ms: build.ms },
      figures,
      roundTrips: [rtExisting, rtCreate, rtReplay],
      races,
      race: {
        wallMsMedian: median(races.map((r) => r.wallMs)),
        uniqueViolationsMedian: median(races.map((r) => r.uniqueViolations)),
      },
      bytes,
      scale,
      targets: targets(figures, rtExisting, rtCreate),
      appServerErrors: app.stderrLines().filter((l) => l.includes("API error")).length,
    };
    const table = renderMarkdown(result);
    process.stdout.write("\n" + table + "\n");
    if (RECORD) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const stamp = result.startedAt.replace(/[:.]/g, "-");
      const json = JSON.stringify(result, null, 2) + "\n";
      await writeFile(join(RESULTS_DIR, `${stamp}.json`), json);
      await writeFile(join(RESULTS_DIR, "latest.json"), json);
      await updateDoc(table);
      log(
        `results: bench/results/${stamp}.json (+ latest.json); docs/benchmark.md updated; ${result.durationS} s in all`,
      );
    } else {
      log(`BENCH_RECORD=0: nothing written; ${result.durationS} s in all`);
    }
    // Timing targets are reported, never enforced (a shared machine's speed varies). Wrong answers are failures.
    const wrong = wrongAnswers(result);
    for (const line of wrong) log(`FAILED: ${line}`);
    if (wrong.length) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/**
 * What the run saw answered wrongly: a load row with failed requests or other answers than its path gives
 * (existing: 200, create: 201), a round-trip sample off its status or a retry stored again, a race that did
 * not answer one 201 and otherwise 200 or left other than one conversation and one message, a wrong answer to
 * the button's check or to a limit over the cap, or an "API error" (5xx) in the app server's log.
 */
function wrongAnswers(r: BenchResult): string[] {
  const wrong: string[] = [];
  const expected: Record<string, string> = { existing: "200", create: "201" };
  for (const f of r.figures) {
    const statuses = Object.assign({}, ...f.runs.map((run) => run.statuses)) as Record<string, number>;
    const reused = f.runs.some((run) => run.reusedPairs > 0);
    const off = Object.keys(statuses).filter((s) => expected[f.scenario] && s !== expected[f.scenario]);
    if (f.non2xx || f.errors || (off.length && !reused)) {
      wrong.push(`${f.label} @${f.connections}: statuses ${JSON.stringify(statuses)}, ${f.errors} errors`);
    }
  }
  for (const row of r.scale?.comparisons ?? []) {
    for (const [size, f] of [
      ["seed size", row.seed],
      ["at scale", row.scale],
    ] as const) {
      if (f.non2xx || f.errors) wrong.push(`${row.label} (${size}): ${f.non2xx} non-2xx, ${f.errors} errors`);
    }
  }
  const tripStatus: Record<string, string> = { existing: "200", create: "201", replay: "200" };
  for (const t of r.roundTrips) {
    if (Object.keys(t.statuses).some((status) => status !== tripStatus[t.path])) {
      wrong.push(
        `round trips ${t.path}: statuses ${JSON.stringify(t.statuses)} (${STORED_AGAIN}: a retry stored again)`,
      );
    }
  }
  r.races.forEach((race, i) => {
    const created = race.statuses["201"] ?? 0;
    const found = race.statuses["200"] ?? 0;
    if (
      race.rows.conversations !== 1 ||
      race.rows.messages !== 1 ||
      created !== 1 ||
      created + found !== r.settings.raceN
    ) {
      wrong.push(`race ${i + 1}: rows ${JSON.stringify(race.rows)}, statuses ${JSON.stringify(race.statuses)}`);
    }
  });
  if (r.bytes.check.status !== 200 || r.bytes.check.rows !== 1) {
    wrong.push(`the button's check: HTTP ${r.bytes.check.status}, ${r.bytes.check.rows} rows (expected 200, 1 row)`);
  }
  if (r.bytes.list.status !== 200) wrong.push(`the capped list: HTTP ${r.bytes.list.status}`);
  if (r.bytes.overCap.status !== 400) wrong.push(`a limit over the cap: HTTP ${r.bytes.overCap.status} (expected 400)`);
  if (r.appServerErrors) wrong.push(`the app server logged ${r.appServerErrors} "API error" lines`);
  return wrong;
}

function targets(figures: Figure[], rtExisting: RoundTrips, rtCreate: RoundTrips) {
  const existing16 = figures.find((f) => f.scenario === "existing" && f.connections === 16);
  const rest16 = figures.find((f) => f.scenario === "rest" && f.connections === 16);
  const existingTrips = Math.max(
    rtExisting.perRequest.total.max,
    rtExisting.gatewayTotalPerRequest.auth + rtExisting.gatewayTotalPerRequest.rest,
  );
  const createTrips = Math.max(
    rtCreate.perRequest.total.max,
    rtCreate.gatewayTotalPerRequest.auth + rtCreate.gatewayTotalPerRequest.rest,
  );
  const p50Ratio = existing16 && rest16 ? ratio(existing16.p50, rest16.p50) : NaN;
  const health16 = figures.find((f) => f.scenario === "health" && f.connections === 16);
  // The floor for two sequential PostgREST calls behind Next.js: Next.js's own cost plus two raw reads.
  const floor16 = health16 && rest16 ? health16.p50 + 2 * rest16.p50 : NaN;
  const floorRatio = existing16 ? ratio(existing16.p50, floor16) : NaN;
  return [
    {
      target: "existing-path p50 at 16 connections ≤ 1.5 × (health p50 + 2 × raw PostgREST read p50)",
      measured: Math.round(floorRatio * 100) / 100,
      met: floorRatio <= 1.5,
    },
    {
      target: "existing path ≤ 2 Supabase round trips incl. authentication",
      measured: existingTrips,
      met: existingTrips <= 2,
    },
    {
      target: "create path ≤ 3 Supabase round trips incl. authentication",
      measured: createTrips,
      met: createTrips <= 3,
    },
    {
      target: "existing-path p50 at 16 connections ≤ 3× the raw PostgREST read",
      measured: Math.round(p50Ratio * 100) / 100,
      met: p50Ratio <= 3,
    },
  ];
}

type BenchResult = {
  startedAt: string;
  durationS: number;
  settings: { runs: number; durationS: number; raceN: number; raceRuns: number; users: number };
  machine: Awaited<ReturnType<typeof machine>>;
  figures: Figure[];
  roundTrips: RoundTrips[];
  races: Array<{
    wallMs: number;
    p50: number;
    statuses: Record<string, number>;
    failures: number;
    uniqueViolations: number;
    roundTripsPerRequest: Record<string, number>;
    rows: { conversations: number; messages: number };
  }>;
  race: { wallMsMedian: number; uniqueViolationsMedian: number };
  bytes: Record<string, unknown> & {
    conversations: number;
    check: ByteEntry;
    list: ByteEntry;
    overCap: ByteEntry;
    rawFull: ByteEntry;
  };
  scale: ScaleResult | null;
  targets: Array<{ target: string; measured: number; met: boolean }>;
  appServerErrors: number;
};
type ByteEntry = {
  name: string;
  url: string;
  status: number;
  rows: number | null;
  bytes: number;
  gzipBytes: number | null;
  p50Ms: number;
};

function renderMarkdown(r: BenchResult): string {
  const lines: string[] = [];
  lines.push(
    `Run ${r.startedAt} (${r.durationS} s): ${r.settings.runs} runs × ${r.settings.durationS} s per row, medians; ${r.settings.users} users. ` +
      `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.postgres.split(" on ")[0]}.`,
  );
  lines.push("");
  lines.push(
    "| path | conns | p50 ms | p99 ms | req/s | p50 ÷ REST | p50 ÷ health | req/s ÷ REST | req/s ÷ health | non-2xx / errors |",
  );
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const f of r.figures) {
    const q = f.ratios!;
    lines.push(
      `| ${f.label} | ${f.connections} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.rps)} | ${fmt(q.p50VsRest, 2)} | ${fmt(q.p50VsHealth, 2)} | ${fmt(q.rpsVsRest, 2)} | ${fmt(q.rpsVsHealth, 2)} | ${f.non2xx} / ${f.errors} |`,
    );
  }
  lines.push("");
  lines.push(
    "Supabase round trips per request (gateway counts per `x-request-id`, sequential sample; *all* = every request the gateway saw ÷ sample):",
  );
  lines.push("");
  lines.push("| path | auth | rest | total (median / max) | all at gateway | statuses |");
  lines.push("|---|---:|---:|---:|---:|---|");
  for (const t of r.roundTrips) {
    lines.push(
      `| ${t.path} | ${t.perRequest.auth.median} | ${t.perRequest.rest.median} | ${t.perRequest.total.median} / ${t.perRequest.total.max} | ${fmt(t.gatewayTotalPerRequest.auth + t.gatewayTotalPerRequest.rest, 2)} | ${JSON.stringify(t.statuses)} |`,
    );
  }
  lines.push("");
  const rest1 = r.figures.find((f) => f.scenario === "rest" && f.connections === 1);
  lines.push(
    `The race (${r.settings.raceN} identical POSTs at once, same user, agency and client_message_id; ${r.settings.raceRuns} runs):`,
  );
  lines.push("");
  lines.push(
    "| run | all answered ms | ÷ REST p50 @1 | statuses | 23505 at PostgREST | round trips per request | rows (conversations / messages) |",
  );
  lines.push("|---:|---:|---:|---|---:|---|---|");
  r.races.forEach((race, i) => {
    const dist = Object.entries(race.roundTripsPerRequest)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    lines.push(
      `| ${i + 1} | ${race.wallMs} | ${rest1 ? fmt(race.wallMs / rest1.p50, 0) : "–"} | ${JSON.stringify(race.statuses)}${race.failures ? `, ${race.failures} failed` : ""} | ${race.uniqueViolations} | ${dist} | ${race.rows.conversations} / ${race.rows.messages} |`,
    );
  });
  lines.push("");
  lines.push(
    `The button's check for a user with ${r.bytes.conversations} conversations (response body bytes; p50 of 10 sequential requests):`,
  );
  lines.push("");
  lines.push("| request | status | rows | bytes | gzip bytes | ÷ check | p50 ms |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const b of [r.bytes.check, r.bytes.list, r.bytes.overCap, r.bytes.rawFull]) {
    lines.push(
      `| ${b.name}: \`${b.url}\` | ${b.status} | ${b.rows ?? "–"} | ${b.bytes} | ${b.gzipBytes ?? "–"} | ${fmt(b.bytes / r.bytes.check.bytes, 1)} | ${b.p50Ms} |`,
    );
  }
  if (r.scale) {
    lines.push("");
    lines.push(...renderScaleRows(r.scale));
  }
  lines.push("");
  lines.push("Targets (not tests):");
  lines.push("");
  for (const t of r.targets) lines.push(`- ${t.met ? "met" : "**not met**"}: ${t.target} — measured ${t.measured}`);
  for (const row of r.scale?.comparisons ?? []) {
    lines.push(
      `- ${row.met ? "met" : "**not met**"}: at scale, ${row.label} p50 ≤ 1.5 × seed size — measured ${row.ratio}`,
    );
  }
  if (r.appServerErrors)
    lines.push(`- the app server logged ${r.appServerErrors} "API error" lines (5xx) during the run`);
  return lines.join("\n");
}

async function updateDoc(table: string): Promise<void> {
  let doc: string;
  try {
    doc = await readFile(DOC, "utf8");
  } catch {
    return;
  }
  const start = "<!-- bench:latest:start -->";
  const end = "<!-- bench:latest:end -->";
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) return;
  await writeFile(DOC, `${doc.slice(0, i + start.length)}\n${table}\n${doc.slice(j)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
