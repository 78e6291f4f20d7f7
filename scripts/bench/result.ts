// What `npm run bench` writes to bench/results/latest.json, declared before any phase fills it in.
import type { AutocannonSummary } from "./load-worker.ts";
import type { BroadcastTriggerCost } from "./phases/broadcast-trigger.ts";
import type { RealtimeResult } from "./phases/realtime.ts";
import type { ScaleResult } from "./scale-rows.ts";

export type BenchResult = {
  startedAt: string;
  durationS: number;
  command: "npm run bench";
  settings: BenchSettings;
  machine: Machine;
  build: { rebuilt: boolean; reason: string | null; ms: number };
  /** The load rows: health, the raw PostgREST read and insert, both POST paths, at each connection count. */
  figures: Figure[];
  roundTrips: RoundTrips[];
  races: RaceRun[];
  race: { wallMsMedian: number; uniqueViolationsMedian: number };
  bytes: ResponseBytes;
  scale: ScaleResult | null;
  broadcastTrigger: BroadcastTriggerCost;
  /** The page rows (phases/pages.ts); null when BENCH_PAGES=off. */
  pages: PagesResult | null;
  /** Null when BENCH_REALTIME=off. */
  realtime: RealtimeResult | null;
  targets: Target[];
  /** "API error" lines (5xx) in the app server's log: always a failure. */
  appServerErrors: number;
};

export type BenchSettings = {
  runs: number;
  durationS: number;
  connections: number[];
  raceN: number;
  raceRuns: number;
  users: number;
  warmupS: number;
};

export type Machine = { nproc: number; cpu: string; memoryGiB: number; node: string; postgres: string };

export type Figure = {
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

export type RoundTrips = {
  path: "existing" | "create" | "replay";
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

export type RaceRun = {
  wallMs: number;
  p50: number;
  statuses: Record<string, number>;
  failures: number;
  uniqueViolations: number;
  roundTripsPerRequest: Record<string, number>;
  rows: { conversations: number; messages: number };
};

export type ByteEntry = {
  name: string;
  url: string;
  status: number;
  rows: number | null;
  bytes: number;
  gzipBytes: number | null;
  p50Ms: number;
};

export type ResponseBytes = {
  /** How many conversations the measured user has. */
  conversations: number;
  check: ByteEntry;
  list: ByteEntry;
  overCap: ByteEntry;
  rawFull: ByteEntry;
};

export type Target = { target: string; measured: number; met: boolean };

export type PageRole = "customer" | "staff";

/** One outgoing Supabase request of a page render, as the app process sent it. */
export type CapturedCall = { method: string; url: string };

export type PageRow = {
  name: string;
  role: PageRole;
  path: string;
  /** Data page: the target applies (everything but `/`). */
  data: boolean;
  /** Supabase calls per render, counted by the gateway per `x-request-id` (median / max over the sample). */
  calls: { auth: number; rest: number; max: number };
  /** Every request the gateway saw during the sample ÷ the sample (a call without the id would show here). */
  gatewayTotalPerRender: number;
  /** The PostgREST reads of one render, as the app sent them. */
  restReads: CapturedCall[];
  sampleStatuses: Record<string, number>;
  /** HTML bytes of one render (the RSC payload is inlined in it). */
  htmlBytes: number;
  load: Figure;
  /** p50 of each of the page's own PostgREST reads (not those `/` makes too), made raw at the same connections. */
  rawReadP50s: number[];
  /** The target's bound: 1.5 × (`/`'s p50 for the same role + the raw reads' p50s). */
  p50Bound: number;
};

export type PagesResult = { connections: number; sample: number; rows: PageRow[] };
