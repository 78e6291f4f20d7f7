// `npm run bench:profile`: where `next start` spends its CPU on "POST conversations, conversation exists", or,
// with PROFILE_PAGE=<path> (e.g. /messages), on rendering that page signed in by session cookie as a customer
// with one inquiry per agency. Starts the production build with `node --cpu-prof`, loads it with autocannon
// (16 connections, PROFILE_DURATION s, a separate process), stops it, and prints the profile's top functions and
// packages by self time. docs/benchmark.md quotes the output. Starts the bench's stack (API port 54391 when free); run it on an otherwise quiet machine.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createUsers, sessionCookie } from "local-supabase";
import { createAgencies } from "../test-harness/agencies.ts";
import {
  DIST_DIRS,
  ensureBuild,
  publicEnvOf,
  startApp,
  startStackOnFreshDatabase,
} from "../test-harness/production-app.ts";
import { runLoadWorker } from "./run-load-worker.ts";

const DURATION = Number(process.env.PROFILE_DURATION ?? 10);
/** A page to profile instead of the POST: a path starting with `/`. */
const PAGE = process.env.PROFILE_PAGE;
const CONNECTIONS = 16;
const TOP = 25;
const log = (line: string) => process.stderr.write(`[profile] ${line}\n`);

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };

/** Where a function lives, short: a package name, "app" for the build's own chunks, "node:" internals. */
function owner(url: string): string {
  if (!url) return "(native / idle / gc)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/.next")) return "app build";
  return url.replace(/^file:\/\/.*\/scale\//, "");
}

export function summarize(profile: CpuProfile) {
  const total = profile.samples.length;
  const ms = (profile.endTime - profile.startTime) / 1000;
  const perSample = ms / Math.max(total, 1);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} — ${owner(url)}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byOwner.set(
      owner(url) + (url ? "" : ` ${functionName}`),
      (byOwner.get(owner(url) + (url ? "" : ` ${functionName}`)) ?? 0) + hits,
    );
  }
  // Inclusive time: every sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  for (const sample of profile.samples) {
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = nodeById.get(id)!.callFrame;
      if (!url || !functionName || url.startsWith("node:")) continue;
      seen.add(`${functionName} — ${owner(url)}`);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
  }
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, hits]) => ({
        name,
        percent: Math.round((hits / total) * 1000) / 10,
        ms: Math.round(hits * perSample),
      }));
  return {
    samples: total,
    ms: Math.round(ms),
    functions: top(byFunction),
    owners: top(byOwner),
    inclusive: top(inclusive),
  };
}

async function main(): Promise<void> {
  if (PAGE && !PAGE.startsWith("/")) throw new Error(`PROFILE_PAGE must be a path starting with / (got ${PAGE})`);
  const test = await startStackOnFreshDatabase({
    serverUrl: process.env.DATABASE_URL || undefined,
    prefix: "profile",
    log,
  });
  const profileDir = await mkdtemp(join(tmpdir(), "next-cpu-prof-"));
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    const { stack } = test;
    await ensureBuild({ distDir: DIST_DIRS.measured, publicEnv: publicEnvOf(stack.env), log });
    const users = await createUsers(stack.apiUrl, "profile", CONNECTIONS);
    const agencies = await createAgencies(stack.dbUrl, CONNECTIONS, "profile");
    app = await startApp({
      distDir: DIST_DIRS.measured,
      env: { ...stack.env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` },
      log,
    });
    const url = `${app.url}/api/messages/conversations`;
    const target = { kind: "existing" as const, tokens: users.map((u) => u.accessToken), agencies };
    await runLoadWorker({ mode: "autocannon", url, connections: 1, duration: 2, target }); // creates the conversations, warms up
    const pageJob = PAGE
      ? {
          url: `${app.url}${PAGE}`,
          target: { kind: "rest" as const, headers: { cookie: sessionCookie(stack.apiUrl, users[0]!.session) } },
        }
      : null;
    if (pageJob) await runLoadWorker({ mode: "autocannon", ...pageJob, connections: 1, duration: 2 });
    const result = await runLoadWorker({
      mode: "autocannon",
      ...(pageJob ?? { url, target }),
      connections: CONNECTIONS,
      duration: DURATION,
    });
    log(
      `${PAGE ? `GET ${PAGE}` : "POST existing"} @${CONNECTIONS}: p50 ${result.p50} ms, ${result.rps.toFixed(0)} req/s, non-2xx ${result.non2xx}`,
    );
    await app.stop();
    app = null;
    const files = (await readdir(profileDir)).filter((f) => f.endsWith(".cpuprofile"));
    if (files.length === 0) throw new Error(`no .cpuprofile in ${profileDir}`);
    // The largest profile is the server's (next start may also run short helper processes).
    let best: { file: string; size: number } | null = null;
    for (const file of files) {
      const size = (await readFile(join(profileDir, file))).length;
      if (!best || size > best.size) best = { file, size };
    }
    const profile = JSON.parse(await readFile(join(profileDir, best!.file), "utf8")) as CpuProfile;
    const summary = summarize(profile);
    process.stdout.write(
      JSON.stringify(
        {
          target: PAGE ?? "POST existing",
          p50: result.p50,
          rps: Math.round(result.rps),
          requests: result.total,
          ...summary,
        },
        null,
        2,
      ) + "\n",
    );
  } finally {
    await app?.stop().catch(() => {});
    await test.stop();
    await rm(profileDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
