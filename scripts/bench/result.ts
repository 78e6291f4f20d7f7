// What `npm run bench` writes to bench/results/latest.json, declared before any phase fills it in.
import type { AutocannonSummary } from "./load-worker.ts";
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
