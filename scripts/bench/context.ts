// What every phase of `npm run bench` shares: the settings, the stack and the app under test, the fixtures, and
// the two ways of putting load on a path (measure: warm-up then timed runs; settle: wait for quiet).
import { gatewayStats, type Stack, type User } from "local-supabase";
import type { AppServer } from "../test-harness/production-app.ts";
import type { AutocannonJob, AutocannonSummary, Target } from "./load-worker.ts";
import { median, positive } from "./numbers.ts";
import type { BenchSettings, Figure } from "./result.ts";
import { runLoadWorker } from "./run-load-worker.ts";

/** BENCH_* environment settings; see run.ts. */
export function readSettings(env: NodeJS.ProcessEnv): BenchSettings & {
  scaleConnections: number;
  record: boolean;
} {
  return {
    runs: positive(env.BENCH_RUNS, 3),
    durationS: positive(env.BENCH_DURATION, 5),
    connections: (env.BENCH_CONNECTIONS ?? "1,16,64").split(",").map((c) => positive(c, 1)),
    raceN: positive(env.BENCH_RACE, 200),
    raceRuns: 3,
    users: 64,
    warmupS: 1,
    scaleConnections: positive(env.BENCH_SCALE_CONNECTIONS, 16),
    record: env.BENCH_RECORD !== "0",
  };
}

export type Fixtures = {
  users: User[];
  tokens: string[];
  /** agencies[i] is the agency user i already has a conversation with… */
  existingAgencies: string[];
  /** …and this is that conversation. */
  existingConversations: string[];
  /** Agencies nobody has written to yet, handed out once each. */
  takeAgencies(n: number): string[];
};

export type BenchContext = {
  settings: BenchSettings;
  stack: Stack;
  app: AppServer;
  conversationsUrl: string;
  fixtures: Fixtures;
  log(line: string): void;
};

export type Scenario = { name: string; label: string; url: string; target: (run: number) => Target };

/** Waits until the gateway sees no more traffic (requests the app server still works through after a load run). */
export async function settle(apiUrl: string): Promise<void> {
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

/** One load row: a warm-up, then `runs` timed runs from the load process; the medians. */
export async function measure(
  context: Pick<BenchContext, "settings" | "log">,
  scenario: Scenario,
  connections: number,
  runCounter: { n: number },
): Promise<Figure> {
  const { settings, log } = context;
  const job = (duration: number): AutocannonJob => ({
    mode: "autocannon",
    url: scenario.url,
    connections,
    duration,
    target: scenario.target(runCounter.n++),
  });
  await runLoadWorker(job(settings.warmupS));
  const runs: AutocannonSummary[] = [];
  for (let r = 0; r < settings.runs; r++) runs.push(await runLoadWorker(job(settings.durationS)));
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

/** POST with a bearer token and a JSON body; the status and the parsed answer. */
export async function postJson(
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

/** The body of a POST /api/messages/conversations to `agencyId`, with a fresh client_message_id. */
export function inquiry(agencyId: string, text: string) {
  return {
    context_type: "agency_inquiry",
    context_id: agencyId,
    initial_message: text,
    client_message_id: crypto.randomUUID(),
  };
}
