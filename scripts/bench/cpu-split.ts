// `npm run bench:cpu`: where the CPU of one request goes, process by process, for the three rows the POST floor
// target compares: GET /api/health, the raw PostgREST read, and POST conversations where the conversation
// exists. Each is loaded at 16 connections for CPU_SPLIT_DURATION seconds (8) from the load worker; the CPU
// time (user + system, /proc/<pid>/stat) every process on the machine used meanwhile is divided by the requests
// answered. At 16 connections on 2 cores every row is CPU-bound, so p50 ≈ 16 × (CPU per request) / 2: the
// table says which process a lower p50 would have to come from. Linux only (reads /proc). Uses the bench's
// stack port when free, so run it under the ports lock.
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PUBLISHABLE_KEY, createUsers } from "local-supabase";
import { createAgencies } from "../app/agencies.ts";
import { DIST_DIRS, ensureBuild, publicEnvOf, startApp, startStackOnFreshDatabase } from "../app/production-app.ts";
import type { AutocannonJob, AutocannonSummary } from "./load-worker.ts";

const DURATION = Number(process.env.CPU_SPLIT_DURATION ?? 8);
const CONNECTIONS = 16;
const USERS = 64;
/** Kernel clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's utime and stime. */
const TICKS_PER_SECOND = 100;
const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
const log = (line: string) => process.stderr.write(`[bench:cpu] ${line}\n`);

type Usage = Map<string, number>;

/** The process's role in the measurement, from its name and command line. */
function role(comm: string, cmdline: string): string {
  if (comm === "postgrest") return "PostgREST";
  if (cmdline.startsWith("postgres:")) {
    return cmdline.includes("authenticator") ? "PostgreSQL (PostgREST's sessions)" : "PostgreSQL (other processes)";
  }
  if (cmdline.includes("next-server") || comm.startsWith("next-server")) return "Next.js (next start)";
  return "other";
}

/** CPU ticks per role; the load worker (a child this process waited for) counts under our cutime/cstime. */
async function usage(): Promise<Usage> {
  const byRole: Usage = new Map();
  const add = (name: string, ticks: number) => byRole.set(name, (byRole.get(name) ?? 0) + ticks);
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, "utf8");
      cmdline = (await readFile(`/proc/${entry}/cmdline`, "utf8")).replaceAll("\0", " ");
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    if (Number(entry) === process.pid) {
      add("gateway and auth server (this process)", utime! + stime!);
      add("load generator (autocannon)", cutime! + cstime!);
    } else {
      add(role(comm, cmdline), utime! + stime!);
    }
  }
  return byRole;
}

function load(job: AutocannonJob): Promise<AutocannonSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!) as AutocannonSummary)
        : reject(new Error(`load worker exited with ${code}`)),
    );
    child.stdin.end(JSON.stringify(job));
  });
}

async function main(): Promise<void> {
  const test = await startStackOnFreshDatabase({
    serverUrl: process.env.DATABASE_URL || undefined,
    prefix: "cpu",
    log,
  });
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    const { stack } = test;
    await ensureBuild({ distDir: DIST_DIRS.measured, publicEnv: publicEnvOf(stack.env), log });
    const users = await createUsers(stack.apiUrl, "cpu", USERS);
    const agencies = await createAgencies(stack.dbUrl, USERS, "cpu");
    app = await startApp({ distDir: DIST_DIRS.measured, env: stack.env, log });
    const existing = { kind: "existing" as const, tokens: users.map((u) => u.accessToken), agencies };
    const rows: Array<{ name: string; url: string; target: AutocannonJob["target"] }> = [
      { name: "GET /api/health", url: `${app.url}/api/health`, target: { kind: "health" } },
      {
        name: "GET /rest/v1/agencies?select=id&limit=1",
        url: `${stack.apiUrl}/rest/v1/agencies?select=id&limit=1`,
        target: { kind: "rest", headers: { apikey: PUBLISHABLE_KEY } },
      },
      {
        name: "POST conversations, conversation exists",
        url: `${app.url}/api/messages/conversations`,
        target: existing,
      },
    ];
    // Creates each user's conversation, so that the measured POSTs all take the existing path.
    await load({ mode: "autocannon", url: rows[2]!.url, connections: 1, duration: 2, target: existing });

    const table = ["| request | p50 ms | req/s | CPU ms per request | of which |", "|---|---:|---:|---:|---|"];
    for (const row of rows) {
      const job = { mode: "autocannon" as const, url: row.url, connections: CONNECTIONS, target: row.target };
      await load({ ...job, duration: 1 }); // warm-up
      const before = await usage();
      const result = await load({ ...job, duration: DURATION });
      const after = await usage();
      if (result.non2xx || result.errors)
        throw new Error(`${row.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const perRequest = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND / result.total;
      const parts = [...after.entries()]
        .map(([name, ticks]) => ({ name, ms: perRequest(ticks - (before.get(name) ?? 0)) }))
        .filter((part) => part.ms >= 0.01)
        .sort((a, b) => b.ms - a.ms);
      const total = parts.reduce((sum, part) => sum + part.ms, 0);
      log(`${row.name}: p50 ${result.p50} ms, ${result.rps.toFixed(0)} req/s, ${total.toFixed(2)} ms CPU per request`);
      table.push(
        `| ${row.name} | ${result.p50} | ${result.rps.toFixed(0)} | ${total.toFixed(2)} | ${parts.map((p) => `${p.name} ${p.ms.toFixed(2)}`).join("; ")} |`,
      );
    }
    process.stdout.write(table.join("\n") + "\n");
  } finally {
    await app?.stop().catch(() => {});
    await test.stop();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
