// Playwright's webServer for the e2e run: a fresh local Supabase stack (in-memory PGlite, or a throwaway
// database on the DATABASE_URL server) on the e2e ports, a production build of the app made with the stack's
// NEXT_PUBLIC_* values (skipped when the last e2e build had the same values and sources), then `next start`.
// SIGTERM/SIGINT (Playwright's gracefulShutdown) stops the app, the stack and drops the throwaway database.
//
// The build is made in a copy of the app's sources outside the repository (node_modules hard-linked), so it
// never overwrites the `.next/` that `npm run build`, `next dev` or another tool is using in the working tree.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { withClient } from "../../../scripts/stack/database.ts";
import { startStack, type Stack } from "../../../scripts/stack/start-stack.ts";
import { E2E_CLIENT_ACTION_TIMEOUT_MS, E2E_PORTS, REPO_ROOT, STACK_INFO_FILE, type StackInfo } from "./config.ts";

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);
const APP_DIR = process.env.E2E_APP_DIR ?? join(tmpdir(), "agency-messages-e2e-app");
const NEXT_BIN = join(APP_DIR, "node_modules", ".bin", "next");
const STAMP_FILE = join(APP_DIR, ".next", "e2e-build-stamp.json");
const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "package-lock.json", "tsconfig.json"];

const cleanups: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log(`cleanup failed: ${(error as Error).message}`));
    }
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));

async function throwawayDatabase(serverUrl: string): Promise<string> {
  const name = `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  cleanups.push(() => withClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fingerprint of everything that goes into the build: the inlined env values and the sources' size/mtime. */
async function buildFingerprint(publicEnv: Record<string, string>): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify(publicEnv));
  async function walk(path: string): Promise<void> {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort()) await walk(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      hash.update(`${relative(REPO_ROOT, path)}:${info.size}:${info.mtimeMs}\n`);
    }
  }
  for (const source of SOURCES) await walk(join(REPO_ROOT, source));
  return hash.digest("hex");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = APP_DIR): ChildProcess {
  return spawn(command, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
}

async function exec(command: string, args: string[], cwd = REPO_ROOT): Promise<void> {
  const child = run(command, args, process.env, cwd);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${code})`);
}

/** Copies the app's sources to APP_DIR (deleting what was removed here); node_modules as hard links. */
async function syncAppCopy(): Promise<void> {
  await mkdir(APP_DIR, { recursive: true });
  const lockHash = createHash("sha256").update(await readFile(join(REPO_ROOT, "package-lock.json"))).digest("hex");
  const marker = join(APP_DIR, ".node-modules-lock-hash");
  if ((await readFile(marker, "utf8").catch(() => null)) !== lockHash) {
    log(`linking node_modules into ${APP_DIR} …`);
    await rm(join(APP_DIR, "node_modules"), { recursive: true, force: true });
    await exec("cp", ["-al", join(REPO_ROOT, "node_modules"), join(APP_DIR, "node_modules")]).catch(async () => {
      // Another filesystem: hard links are impossible, copy instead (Turbopack refuses a symlinked node_modules).
      await rm(join(APP_DIR, "node_modules"), { recursive: true, force: true });
      await exec("cp", ["-a", join(REPO_ROOT, "node_modules"), join(APP_DIR, "node_modules")]);
    });
    await writeFile(marker, lockHash);
  }
  const present = [];
  for (const source of SOURCES) if (await stat(join(REPO_ROOT, source)).catch(() => null)) present.push(source);
  await exec("rsync", ["-a", "--delete", "--relative", "--exclude=*.test.ts", "--exclude=*.test.tsx", ...present, `${APP_DIR}/`]);
}

async function buildIfNeeded(env: NodeJS.ProcessEnv, publicEnv: Record<string, string>): Promise<void> {
  const fingerprint = await buildFingerprint(publicEnv);
  const buildId = await readFile(join(APP_DIR, ".next", "BUILD_ID"), "utf8").catch(() => null);
  const stamp = await readFile(STAMP_FILE, "utf8").then((text) => JSON.parse(text) as { fingerprint: string; buildId: string }, () => null);
  if (process.env.E2E_FORCE_BUILD !== "1" && buildId && stamp?.fingerprint === fingerprint && stamp.buildId === buildId) {
    log("the last e2e build is up to date; skipping next build (E2E_FORCE_BUILD=1 forces one)");
    return;
  }
  log(`next build in ${APP_DIR} (with the e2e stack's NEXT_PUBLIC_* values) …`);
  const build = run(NEXT_BIN, ["build"], env);
  cleanups.push(async () => void build.kill("SIGTERM"));
  const code = await new Promise<number | null>((resolve) => build.once("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  const newBuildId = await readFile(join(APP_DIR, ".next", "BUILD_ID"), "utf8");
  await writeFile(STAMP_FILE, JSON.stringify({ fingerprint, buildId: newBuildId }));
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "e2e-stack-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const databaseUrl = process.env.DATABASE_URL ? await throwawayDatabase(process.env.DATABASE_URL) : undefined;

  log(`starting the stack (${databaseUrl ? "throwaway PostgreSQL database" : "in-memory PGlite"}) …`);
  const stack: Stack = await startStack({
    databaseUrl,
    dataDir,
    pgliteDir: "memory://",
    ports: { api: E2E_PORTS.api, db: E2E_PORTS.db, rest: E2E_PORTS.rest },
    log: process.env.STACK_DEBUG ? (line) => log(`stack: ${line}`) : undefined,
  });
  cleanups.push(() => stack.stop());
  log(`stack ready: ${stack.apiUrl}`);

  const info: StackInfo = { apiUrl: stack.apiUrl, dbUrl: stack.dbUrl, env: stack.env };
  await mkdir(dirname(STACK_INFO_FILE), { recursive: true });
  await writeFile(STACK_INFO_FILE, JSON.stringify(info, null, 2));
  cleanups.push(() => rm(STACK_INFO_FILE, { force: true }));

  const publicEnv = {
    NEXT_PUBLIC_SUPABASE_URL: stack.env.NEXT_PUBLIC_SUPABASE_URL!,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!,
    NEXT_PUBLIC_CLIENT_ACTION_TIMEOUT_MS: String(E2E_CLIENT_ACTION_TIMEOUT_MS),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, ...publicEnv, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
  await syncAppCopy();
  await buildIfNeeded(env, publicEnv);

  log(`next start on 127.0.0.1:${E2E_PORTS.app}`);
  const app = run(NEXT_BIN, ["start", "-H", "127.0.0.1", "-p", String(E2E_PORTS.app)], env);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (app.exitCode !== null) return resolve();
        app.once("exit", () => resolve());
        app.kill("SIGTERM");
      }),
  );
  app.once("exit", (code) => {
    if (!stopping) {
      log(`next start exited (${code}); stopping`);
      void stopAll(1);
    }
  });
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
