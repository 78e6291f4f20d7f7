// What a run is judged by. Targets are reported, never enforced (a shared machine's speed varies); wrong answers
// fail the run.
import { ratio, round2 } from "./numbers.ts";
import type { BenchResult, Figure, PagesResult, RoundTrips, Target } from "./result.ts";
import { PAGE_MIN_RPS, PAGE_P50_FACTOR } from "./phases/pages.ts";
import { STORED_AGAIN } from "./phases/round-trips.ts";

/** The POST's floor: Next.js's own cost, plus the two PostgREST calls the existing path makes, raw. */
export const FLOOR_PARTS = ["health", "rest", "rest-insert"] as const;
export const FLOOR_TARGET = 1.25;

export function targets(figures: Figure[], roundTrips: RoundTrips[]): Target[] {
  const at16 = (name: string) => figures.find((f) => f.scenario === name && f.connections === 16);
  const existing16 = at16("existing");
  const parts = FLOOR_PARTS.map(at16);
  const floor16 = parts.every(Boolean) ? parts.reduce((sum, f) => sum + f!.p50, 0) : NaN;
  const floorRatio = existing16 ? ratio(existing16.p50, floor16) : NaN;
  const trips = (path: RoundTrips["path"]) => {
    const t = roundTrips.find((r) => r.path === path);
    return t ? Math.max(t.perRequest.total.max, t.gatewayTotalPerRequest.auth + t.gatewayTotalPerRequest.rest) : NaN;
  };
  return [
    {
      target: `existing-path p50 at 16 connections ≤ ${FLOOR_TARGET} × (health p50 + raw PostgREST read p50 + raw PostgREST insert p50)`,
      measured: round2(floorRatio),
      met: floorRatio <= FLOOR_TARGET,
    },
    {
      target: "existing path ≤ 2 Supabase round trips incl. authentication",
      measured: trips("existing"),
      met: trips("existing") <= 2,
    },
    {
      target: "create path ≤ 3 Supabase round trips incl. authentication",
      measured: trips("create"),
      met: trips("create") <= 3,
    },
  ];
}

/** Each data page: ≥ PAGE_MIN_RPS req/s, and p50 ≤ PAGE_P50_FACTOR × (`/`'s p50 + its own raw PostgREST reads). */
export function pageTargets(pages: PagesResult | null): Target[] {
  if (!pages) return [];
  return pages.rows
    .filter((row) => row.data)
    .flatMap((row) => [
      {
        target: `${row.path} as ${row.role} ≥ ${PAGE_MIN_RPS} req/s at ${pages.connections} connections`,
        measured: Math.round(row.load.rps),
        met: row.load.rps >= PAGE_MIN_RPS,
      },
      {
        target: `${row.path} as ${row.role} p50 ≤ ${PAGE_P50_FACTOR} × (/ p50 + its ${row.rawReadP50s.length} PostgREST reads raw) = ${row.p50Bound} ms`,
        measured: row.load.p50,
        // A row that completed no request in its runs (a machine too loaded for BENCH_DURATION) measured nothing.
        met: row.load.rps > 0 && row.load.p50 <= row.p50Bound,
      },
    ]);
}

/** A page that did not answer 200, or whose Supabase calls were not all counted under its request id. */
export function pageWrongAnswers(pages: PagesResult | null): string[] {
  const wrong: string[] = [];
  for (const row of pages?.rows ?? []) {
    const where = `page ${row.path} as ${row.role}`;
    if (Object.keys(row.sampleStatuses).some((status) => status !== "200")) {
      wrong.push(`${where}: statuses ${JSON.stringify(row.sampleStatuses)} (expected 200)`);
    }
    if (row.load.non2xx || row.load.errors)
      wrong.push(`${where}: ${row.load.non2xx} non-2xx, ${row.load.errors} errors`);
    if (row.gatewayTotalPerRender !== row.calls.auth + row.calls.rest) {
      wrong.push(
        `${where}: the gateway saw ${row.gatewayTotalPerRender} calls per render, ${row.calls.auth + row.calls.rest} with its id`,
      );
    }
    if (row.restReads.length > row.calls.rest) {
      wrong.push(`${where}: ${row.restReads.length} PostgREST reads sent, ${row.calls.rest} counted`);
    }
  }
  return wrong;
}

/**
 * What the run saw answered wrongly: a load row with failed requests or other answers than its path gives
 * (existing: 200, create: 201, the raw insert: 201), a round-trip sample off its status or a retry stored again, a
 * race that did not answer one 201 and otherwise 200 or left other than one conversation and one message, a wrong
 * answer to the button's check or to a limit over the cap, a page that did not answer 200 or whose PostgREST calls
 * were not all counted under its request id, or an "API error" (5xx) in the app server's log.
 */
export function wrongAnswers(r: BenchResult): string[] {
  const wrong: string[] = [];
  const expected: Record<string, string> = { existing: "200", create: "201", "rest-insert": "201" };
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
  wrong.push(...pageWrongAnswers(r.pages));
  if (r.appServerErrors) wrong.push(`the app server logged ${r.appServerErrors} "API error" lines`);
  return wrong;
}
