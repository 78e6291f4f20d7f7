// The Realtime rows of `npm run bench`: send-to-receipt latency through the local stack's Realtime endpoint
// (Broadcast from the database, private channels), joins per second and memory per socket. It runs
// realtime-fanout.ts (also `npm run bench:realtime`) as a child process: its own throwaway database and stack,
// so its sockets share nothing with the app's load rows. Settings: BENCH_REALTIME ("off" skips it),
// BENCH_REALTIME_SOCKETS (2000), BENCH_REALTIME_TOPICS (half the sockets: 2 sides per conversation),
// BENCH_REALTIME_RATE (200 sends/s), BENCH_REALTIME_SECONDS (10).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type Percentiles = { p50: number; p90: number; p95: number; p99: number; max: number };

export type RealtimeResult = {
  sockets: number;
  topics: number;
  sendsPerSecond: number;
  seconds: number;
  sends: number;
  failedSends: number;
  expectedDeliveries: number;
  received: number;
  joinsPerSecond: number;
  rssPerSocketKiB: number;
  sendToReceiptMs: Percentiles;
  sendQueryMs: Percentiles;
};

/** Targets of the issue "Live conversations", on this machine (Supabase publishes p50 46 ms, p99 159 ms). */
export const REALTIME_TARGETS = { p50Ms: 25, p99Ms: 150 } as const;

const SCRIPT = fileURLToPath(new URL("../realtime-fanout.ts", import.meta.url));

export async function measureRealtime(
  env: NodeJS.ProcessEnv,
  serverUrl: string,
  log: (line: string) => void,
): Promise<RealtimeResult | null> {
  if (env.BENCH_REALTIME === "off") return null;
  const sockets = Number(env.BENCH_REALTIME_SOCKETS ?? 2000);
  const settings = {
    BENCH_SOCKETS: String(sockets),
    BENCH_TOPICS: String(Number(env.BENCH_REALTIME_TOPICS ?? Math.max(1, Math.floor(sockets / 2)))),
    BENCH_RATE: String(Number(env.BENCH_REALTIME_RATE ?? 200)),
    BENCH_SECONDS: String(Number(env.BENCH_REALTIME_SECONDS ?? 10)),
  };
  log(`realtime: ${settings.BENCH_SOCKETS} sockets, ${settings.BENCH_RATE} sends/s for ${settings.BENCH_SECONDS} s`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], {
      env: { ...env, ...settings, DATABASE_URL: serverUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`realtime-fanout exited with ${code}`)),
    );
  });
  const json = output.slice(output.indexOf("\n{") + 1);
  return JSON.parse(json) as RealtimeResult;
}

export function renderRealtimeRows(r: RealtimeResult): string[] {
  const ms = r.sendToReceiptMs;
  return [
    `Realtime (local stack, Broadcast from the database, private channels): ${r.sockets} sockets on ${r.topics} topics, ${r.sendsPerSecond} sends/s for ${r.seconds} s (${r.received} of ${r.expectedDeliveries} deliveries, ${r.failedSends} failed sends):`,
    "",
    "| row | p50 | p95 | p99 | max |",
    "|---|---:|---:|---:|---:|",
    `| send-to-receipt ms | ${ms.p50} | ${ms.p95} | ${ms.p99} | ${ms.max} |`,
    `| realtime.send() query ms | ${r.sendQueryMs.p50} | ${r.sendQueryMs.p95} | ${r.sendQueryMs.p99} | ${r.sendQueryMs.max} |`,
    "",
    `Joins: ${r.joinsPerSecond} per second (authorised by the RLS probe); memory: ${r.rssPerSocketKiB} KiB per joined socket (stack process RSS).`,
  ];
}

/** Target lines: p50 and p99 against the figures, and every delivery made. */
export function realtimeTargets(r: RealtimeResult): { target: string; measured: number; met: boolean }[] {
  return [
    {
      target: `realtime send-to-receipt p50 ≤ ${REALTIME_TARGETS.p50Ms} ms`,
      measured: r.sendToReceiptMs.p50,
      met: r.sendToReceiptMs.p50 <= REALTIME_TARGETS.p50Ms,
    },
    {
      target: `realtime send-to-receipt p99 ≤ ${REALTIME_TARGETS.p99Ms} ms`,
      measured: r.sendToReceiptMs.p99,
      met: r.sendToReceiptMs.p99 <= REALTIME_TARGETS.p99Ms,
    },
  ];
}
