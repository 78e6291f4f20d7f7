// `npm run bench:cpu`: where the CPU of one request goes, process by process, for the rows the POST floor target
// compares: GET /api/health, the raw PostgREST read, the raw PostgREST insert of a message, and POST conversations
// where the conversation exists. Each is loaded at 16 connections for CPU_SPLIT_DURATION seconds (8) from the load worker; the CPU
// time (user + system, /proc/<pid>/stat) every process on the machine used meanwhile is divided by the requests
// answered. At 16 connections on 2 cores every row is CPU-bound, so p50 ≈ 16 × (CPU per request) / 2: the
// table says which process a lower p50 would have to come from. Linux only (reads /proc). A process that starts
// and ends within a row is not counted unless it is our own child (the load worker). Run it on an otherwise
// quiet machine: other processes are left out of the table, but they still compete for the cores.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PUBLISHABLE_KEY, createUsers, sessionCookie, withClient } from "local-supabase";
import { createAgencies } from "../test-harness/agencies.ts";
import {
  DIST_DIRS,
  REPO_ROOT,
  ensureBuild,
  publicEnvOf,
  startApp,
  startStackOnFreshDatabase,
} from "../test-harness/production-app.ts";
import type { AutocannonJob } from "./load-worker.ts";
import { runLoadWorker } from "./run-load-worker.ts";
import { FLOOR_TARGET } from "./verdict.ts";

const DURATION = Number(process.env.CPU_SPLIT_DURATION || 8);
/**
 * CPU_SPLIT_PAGES=1 adds page renders: `/` signed out (no session, no Supabase call), then `/`, the inbox and a
 * thread signed in as a customer with one inquiry.
 */
const PAGES = process.env.CPU_SPLIT_PAGES === "1";
const CONNECTIONS = 16;
const USERS = 64;
/** Kernel clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's utime and stime. */
const TICKS_PER_SECOND = 100;
const log = (line: string) => process.stderr.write(`[bench:cpu] ${line}\n`);
const DOC = join(REPO_ROOT, "docs", "benchmark.md");

type Proc = { ppid: number; comm: string; cmdline: string; ticks: number; childTicks: number };
/** CPU ticks per role; "elsewhere" is what processes that have nothing to do with this run used. */
type Usage = Map<string, number>;

async function processes(): Promise<Map<number, Proc>> {
  const all = new Map<number, Proc>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, "utf8")).replaceAll("\0", " ");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      const [ppid, utime, stime, cutime, cstime] = [1, 11, 12, 13, 14].map((i) => Number(fields[i]));
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      all.set(Number(entry), { ppid: ppid!, comm, cmdline, ticks: utime! + stime!, childTicks: cutime! + cstime! });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/**
 * Which part of the run a process is: this process (the gateway and the auth server run in it), its
 * descendants (PostgREST, next start), PostgreSQL's sessions on this run's database and its shared background
 * processes (WAL writer, checkpointer, …). Anything else on the machine is "elsewhere", left out of the totals.
 */
function roleOf(pid: number, proc: Proc, all: Map<number, Proc>, database: string): string {
  if (pid === process.pid) return "gateway and auth server (this process)";
  if (proc.cmdline.startsWith("postgres:")) {
    if (proc.cmdline.includes(` ${database} `)) return "PostgreSQL (this run's sessions)";
    // A session's title is "postgres: <cluster>: <user> <database> <client> <state>".
    const session = / \S+ \S+ (\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\])/.test(proc.cmdline);
    return session ? "elsewhere" : "PostgreSQL (shared background processes)";
  }
  for (let p = proc.ppid, hops = 0; p > 1 && hops < 16; p = all.get(p)?.ppid ?? 0, hops++) {
    if (p !== process.pid) continue;
    if (proc.comm === "postgrest") return "PostgREST";
    if (proc.comm.startsWith("next-server") || proc.cmdline.includes("next-server")) return "Next.js (next start)";
    return "other processes of this run";
  }
  return "elsewhere";
}

/** CPU ticks per role between two snapshots; the load worker, a child this process waited for, is in cutime. */
function usageBetween(before: Map<number, Proc>, after: Map<number, Proc>, database: string): Usage {
  const byRole: Usage = new Map();
  const add = (name: string, ticks: number) => byRole.set(name, (byRole.get(name) ?? 0) + ticks);
  for (const [pid, proc] of after) {
    const earlier = before.get(pid);
    add(roleOf(pid, proc, after, database), proc.ticks - (earlier?.ticks ?? 0));
    if (pid === process.pid) add("load generator (autocannon)", proc.childTicks - (earlier?.childTicks ?? 0));
  }
  return byRole;
}

async function main(): Promise<void> {
  if (!(DURATION > 0)) throw new Error(`CPU_SPLIT_DURATION must be seconds (got ${process.env.CPU_SPLIT_DURATION})`);
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
    const postUrl = `${app.url}/api/messages/conversations`;
    // Each user's conversation with their agency, so that the measured POSTs all take the existing path.
    const conversations = await withClient(stack.dbUrl, async (c) => {
      const { rows } = await c.query<{ id: string; created_by: string }>(
        `insert into public.conversations (context_type, context_id, created_by)
         select 'agency_inquiry', pair.agency_id, pair.user_id
         from unnest($1::uuid[], $2::uuid[]) as pair (user_id, agency_id)
         returning id, created_by`,
        [users.map((u) => u.id), agencies],
      );
      return users.map((u) => rows.find((row) => row.created_by === u.id)!.id);
    });
    const rows: Array<{ name: string; url: string; target: AutocannonJob["target"]; status: string }> = [
      { name: "GET /api/health", url: `${app.url}/api/health`, target: { kind: "health" }, status: "200" },
      {
        name: "GET /rest/v1/agencies?select=id&limit=1",
        url: `${stack.apiUrl}/rest/v1/agencies?select=id&limit=1`,
        target: { kind: "rest", headers: { apikey: PUBLISHABLE_KEY } },
        status: "200",
      },
      {
        name: "POST /rest/v1/messages (raw insert as the user)",
        url: `${stack.apiUrl}/rest/v1/messages?select=*`,
        target: {
          kind: "rest-insert",
          apikey: PUBLISHABLE_KEY,
          tokens: existing.tokens,
          senders: users.map((u) => u.id),
          conversations,
        },
        status: "201",
      },
      { name: "POST conversations, conversation exists", url: postUrl, target: existing, status: "200" },
    ];
    if (PAGES) {
      const page = { kind: "rest" as const, headers: { cookie: sessionCookie(stack.apiUrl, users[0]!.session) } };
      rows.push({ name: "GET / (page, signed out)", url: `${app.url}/`, target: { kind: "rest" }, status: "200" });
      for (const path of ["/", "/messages", `/messages/conversations/${conversations[0]}`]) {
        rows.push({
          name: `GET ${path.replace(/[0-9a-f-]{36}$/, "<id>")} (page)`,
          url: `${app.url}${path}`,
          target: page,
          status: "200",
        });
      }
    }

    const table = ["| request | p50 ms | req/s | CPU ms per request | of which |", "|---|---:|---:|---:|---|"];
    const cpu: Array<{ total: number; parts: Array<{ name: string; ms: number }> }> = [];
    for (const row of rows) {
      const job = { mode: "autocannon" as const, url: row.url, connections: CONNECTIONS, target: row.target };
      await runLoadWorker({ ...job, duration: 1 }); // warm-up
      const before = await processes();
      const result = await runLoadWorker({ ...job, duration: DURATION });
      const after = await processes();
      if (result.errors || Object.keys(result.statuses).some((status) => status !== row.status)) {
        throw new Error(
          `${row.name}: statuses ${JSON.stringify(result.statuses)}, ${result.errors} errors (expected ${row.status} only)`,
        );
      }
      const perRequest = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND / result.total;
      const usage = usageBetween(before, after, test.database.name);
      const elsewhere = perRequest(usage.get("elsewhere") ?? 0);
      log(
        `${row.name}: other processes on the machine used ${elsewhere.toFixed(2)} ms per request meanwhile (left out)`,
      );
      const parts = [...usage.entries()]
        .filter(([name]) => name !== "elsewhere")
        .map(([name, ticks]) => ({ name, ms: perRequest(ticks) }))
        .filter((part) => part.ms >= 0.01)
        .sort((a, b) => b.ms - a.ms);
      const total = parts.reduce((sum, part) => sum + part.ms, 0);
      log(`${row.name}: p50 ${result.p50} ms, ${result.rps.toFixed(0)} req/s, ${total.toFixed(2)} ms CPU per request`);
      cpu.push({ total, parts });
      table.push(
        `| ${row.name} | ${result.p50} | ${result.rps.toFixed(0)} | ${total.toFixed(2)} | ${parts.map((p) => `${p.name} ${p.ms.toFixed(2)}`).join("; ")} |`,
      );
    }
    const [health, rest, insert, post] = cpu as [(typeof cpu)[0], (typeof cpu)[0], (typeof cpu)[0], (typeof cpu)[0]];
    const budget = FLOOR_TARGET * (health.total + rest.total + insert.total);
    const nextOf = (row: typeof post) => row.parts.find((part) => part.name === "Next.js (next start)")?.ms ?? 0;
    // The POST if the app server spent on it no more than on /api/health: the rest is not the app's code.
    const leanPost = post.total - nextOf(post) + nextOf(health);
    const summary =
      `Run ${new Date().toISOString()}, ${DURATION} s per row at ${CONNECTIONS} connections. ` +
      `Budget ${FLOOR_TARGET} × (health + REST read + REST insert) = ${budget.toFixed(2)} ms of CPU per request; the POST uses ${post.total.toFixed(2)} ms ` +
      `(${(post.total / budget).toFixed(2)}× the budget); with Next.js at its /api/health cost it would use ` +
      `${leanPost.toFixed(2)} ms (${(leanPost / budget).toFixed(2)}×).`;
    const section = `${table.join("\n")}\n\n${summary}`;
    process.stdout.write(section + "\n");
    await updateDoc(section);
  } finally {
    await app?.stop().catch(() => {});
    await test.stop();
  }
}

/** Rewrites the section between the bench:cpu markers of docs/benchmark.md. */
async function updateDoc(section: string): Promise<void> {
  const doc = await readFile(DOC, "utf8");
  const start = "<!-- bench:cpu:start -->";
  const end = "<!-- bench:cpu:end -->";
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) return;
  await writeFile(DOC, `${doc.slice(0, i + start.length)}\n\n${section}\n\n${doc.slice(j)}`);
  log("docs/benchmark.md updated");
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
