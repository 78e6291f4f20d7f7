// Shared by the browser tests, the reliability suite and the benchmark: a throwaway PostgreSQL database, the local
// Supabase stack on it, a production build made for that stack (rebuilt only when missing or stale) and
// `next start`. Each user builds into its own folder (`NEXT_DIST_DIR`, see next.config.ts), since the browser
// bundle inlines the stack's NEXT_PUBLIC_* values and the builds must not overwrite each other or `.next`.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createThrowawayDatabase,
  getFreePort,
  isPortFree,
  startStack,
  type Stack,
  type ThrowawayDatabase,
} from "local-supabase";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const DEFAULT_SERVER_URL = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
/**
 * The gateway port the bench and the reliability suite try first. The browser bundle inlines the Supabase URL, so
 * a stable URL lets consecutive runs reuse one build; when the port is taken a free one is used (and we rebuild).
 */
export const PREFERRED_API_PORT = 54391;

const NEXT_BIN = join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
/** What a production build depends on (test files excluded). */
const BUILD_INPUTS = [
  "app",
  "lib",
  "components",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

type Log = (line: string) => void;

export type TestStack = { stack: Stack; database: ThrowawayDatabase; dataDir: string; stop(): Promise<void> };

/** The local stack (real PostgREST, gateway, auth) on a fresh database of the PostgreSQL at `serverUrl`. */
export async function startStackOnFreshDatabase(opts: {
  serverUrl?: string;
  prefix: string;
  log?: Log;
}): Promise<TestStack> {
  const log = opts.log ?? (() => {});
  const database = await createThrowawayDatabase(opts.serverUrl ?? DEFAULT_SERVER_URL, opts.prefix);
  const dataDir = await mkdtemp(join(tmpdir(), `${opts.prefix}-stack-`));
  const api = (await isPortFree(PREFERRED_API_PORT)) ? PREFERRED_API_PORT : 0;
  let stack: Stack;
  try {
    stack = await startStack({ databaseUrl: database.url, dataDir, ports: { api, rest: 0, db: 0 }, log });
  } catch (err) {
    await database.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  log(`database ${database.name}, API ${stack.apiUrl}`);
  let stopping: Promise<void> | null = null;
  return {
    stack,
    database,
    dataDir,
    stop: () =>
      (stopping ??= (async () => {
        await stack.stop().catch((err: Error) => log(`stack stop: ${err.message}`));
        await database.drop().catch((err: Error) => log(`drop ${database.name}: ${err.message}`));
        await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Build folders (git-ignored): the benchmark and the reliability suite share one; the browser tests have their own. */
export const DIST_DIRS = { measured: ".next-measured", e2e: ".next-e2e" } as const;

/** The NEXT_PUBLIC_* values a stack's env gives a build (plus any extra build-time settings). */
export function publicEnvOf(env: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const picked = Object.entries(env).filter(([key]) => key.startsWith("NEXT_PUBLIC_"));
  return { ...Object.fromEntries(picked), ...extra };
}

/** A build is made for one set of inlined values (`NEXT_PUBLIC_*`) into one folder under the repository. */
export type BuildTarget = { distDir: string; publicEnv: Record<string, string> };

type BuildStamp = { buildId: string; publicEnv: Record<string, string> };

const stampFile = (distDir: string) => join(REPO_ROOT, distDir, "build-stamp.json");
const sameEnv = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Why the build in `distDir` cannot serve `publicEnv`, or null when it can. */
export async function buildStaleness({ distDir, publicEnv }: BuildTarget): Promise<string | null> {
  const buildIdFile = join(REPO_ROOT, distDir, "BUILD_ID");
  if (!existsSync(buildIdFile)) return `no ${distDir}/BUILD_ID`;
  const buildId = (await readFile(buildIdFile, "utf8")).trim();
  let stamp: BuildStamp | null = null;
  try {
    stamp = JSON.parse(await readFile(stampFile(distDir), "utf8")) as BuildStamp;
  } catch {
    return `no ${distDir}/build-stamp.json`;
  }
  if (stamp.buildId !== buildId) return "build replaced since";
  if (!sameEnv(stamp.publicEnv, publicEnv)) return "built for other NEXT_PUBLIC_* values";
  const builtAt = (await stat(buildIdFile)).mtimeMs;
  for (const input of BUILD_INPUTS) {
    if ((await newestMtime(join(REPO_ROOT, input))) > builtAt) return `${input} changed since the build`;
  }
  return null;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile);
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      out.end();
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} exited with ${code ?? signal}; log: ${logFile}`));
    });
  });
}

/** `next build` into `distDir` with `publicEnv`, unless it already holds such a build newer than every source. */
export async function ensureBuild(
  target: BuildTarget & { log?: Log },
): Promise<{ built: boolean; reason: string | null; ms: number }> {
  const log = target.log ?? (() => {});
  const reason = await buildStaleness(target);
  if (!reason) {
    log(`production build in ${target.distDir} is up to date`);
    return { built: false, reason: null, ms: 0 };
  }
  log(`next build into ${target.distDir} (${reason}) …`);
  const started = Date.now();
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: target.distDir,
    ...target.publicEnv,
  };
  const logFile = join(tmpdir(), `next-build-${process.pid}-${Date.now()}.log`);
  await run(process.execPath, [NEXT_BIN, "build"], env, logFile);
  const buildId = (await readFile(join(REPO_ROOT, target.distDir, "BUILD_ID"), "utf8")).trim();
  const stamp: BuildStamp = { buildId, publicEnv: target.publicEnv };
  await writeFile(stampFile(target.distDir), JSON.stringify(stamp, null, 2) + "\n");
  const ms = Date.now() - started;
  log(`next build done in ${(ms / 1000).toFixed(0)} s`);
  return { built: true, reason, ms };
}

export type AppServer = {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  logFile: string;
  /** Lines the server printed on stderr (e.g. "API error" for every 5xx). */
  stderrLines(): string[];
  /** Sends `signal` to the server's process group and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
};

/** `next start` of the build in `distDir` on 127.0.0.1:`port` (default: a free port); resolves once /api/health answers. */
export async function startApp(opts: {
  distDir: string;
  env: Record<string, string>;
  port?: number;
  log?: Log;
  readyTimeoutMs?: number;
}): Promise<AppServer> {
  const port = opts.port ?? (await getFreePort());
  const logFile = join(tmpdir(), `next-start-${port}-${Date.now()}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: opts.distDir,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so kill() reaches anything it spawns
  });
  const stderr: string[] = [];
  child.stdout!.pipe(out, { end: false });
  child.stderr!.on("data", (chunk: Buffer) => {
    out.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) stderr.push(line);
    if (stderr.length > 5000) stderr.splice(0, stderr.length - 5000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid!;
  const url = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      child.kill(signal);
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let last = "no answer";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      out.end();
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}); log: ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await kill("SIGKILL");
      out.end();
      throw new Error(`next start did not answer /api/health (${last}); log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  opts.log?.(`next start ${url} (pid ${pid}, log ${logFile})`);

  return {
    url,
    port,
    pid,
    process: child,
    logFile,
    stderrLines: () => [...stderr],
    kill,
    stop: async () => {
      await kill("SIGTERM");
      out.end();
    },
  };
}
