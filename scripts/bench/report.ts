// The bench's report: the Markdown tables it prints, and what a recorded run writes (bench/results/latest.json,
// a dated copy that git ignores, and the table in docs/benchmark.md between its markers).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../test-harness/production-app.ts";
import { fmt } from "./numbers.ts";
import type { BenchResult, PagesResult } from "./result.ts";
import { renderBroadcastTriggerRow } from "./phases/broadcast-trigger.ts";
import { renderRealtimeRows } from "./phases/realtime.ts";
import { renderScaleRows } from "./scale-rows.ts";

const RESULTS_DIR = join(REPO_ROOT, "bench", "results");
const DOC = join(REPO_ROOT, "docs", "benchmark.md");

export function renderMarkdown(r: BenchResult): string {
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
  lines.push("");
  lines.push(...renderBroadcastTriggerRow(r.broadcastTrigger));
  if (r.pages) {
    lines.push("");
    lines.push(...renderPages(r.pages));
  }
  if (r.scale) {
    lines.push("");
    lines.push(...renderScaleRows(r.scale));
  }
  if (r.realtime) {
    lines.push("");
    lines.push(...renderRealtimeRows(r.realtime));
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

/** The page rows: load at the pages' connections, Supabase calls per render, and the target's bound. */
export function renderPages(p: PagesResult): string[] {
  const lines: string[] = [];
  lines.push(
    `Pages, signed in by session cookie, ${p.connections} connections (Supabase calls per render counted by the gateway per \`x-request-id\`, median of ${p.sample} sequential renders; auth includes the proxy's session check):`,
  );
  lines.push("");
  lines.push(
    "| page | as | p50 ms | p99 ms | req/s | auth calls | rest calls | raw reads p50 ms | bound ms (1.5 × (/ + raw)) | HTML bytes | non-2xx / errors |",
  );
  lines.push("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
  for (const row of p.rows) {
    lines.push(
      `| \`${row.path.replace(/[0-9a-f-]{36}$/, "<id>")}\` | ${row.role} | ${fmt(row.load.p50)} | ${fmt(row.load.p99)} | ${fmt(row.load.rps)} | ${row.calls.auth} | ${row.calls.rest} | ${row.rawReadP50s.join(" + ") || "–"} | ${row.data ? fmt(row.p50Bound) : "–"} | ${row.htmlBytes} | ${row.load.non2xx} / ${row.load.errors} |`,
    );
  }
  return lines;
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

/** Writes the run: latest.json (committed), a dated copy (ignored by git) and the doc's table. */
export async function recordRun(result: BenchResult, table: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, "-");
  const json = JSON.stringify(result, null, 2) + "\n";
  await writeFile(join(RESULTS_DIR, `${stamp}.json`), json);
  await writeFile(join(RESULTS_DIR, "latest.json"), json);
  await updateDoc(table);
  return `bench/results/latest.json (and ${stamp}.json, not committed); docs/benchmark.md updated`;
}
