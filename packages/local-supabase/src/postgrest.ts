// Runs the real PostgREST binary (see postgrest-binary.ts) configured the way `supabase start` configures it,
// with a watchdog that ends it when the stack's process disappears without stopping it (postgrest-watchdog.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PostgrestBinary } from "./postgrest-binary.ts";
import { assertPortFree } from "./ports.ts";
import { startWatchdog } from "./postgrest-watchdog.ts";
import { processIdentity } from "./process-identity.ts";

export type PostgrestOptions = {
  /** The binary to run (see resolvePostgrest). */
  binary: PostgrestBinary;
  /** Superuser URL of the database (the authenticator role is used instead of postgres on PostgreSQL). */
  databaseUrl: string;
  embedded: boolean;
  host?: string;
  port: number;
  /** JWKS (or any JSON) PostgREST accepts as jwt-secret; written to `<dataDir>/postgrest-jwks.json`. */
  jwks: { keys: object[] };
  dataDir: string;
  /** Exposed schemas; default: public, plus graphql_public when it exists. */
  schemas?: string[];
  log?: (line: string) => void;
};

export type Postgrest = {
  url: string;
  port: number;
  process: ChildProcess;
  logFile: string;
  /** Reloads the schema cache (SIGUSR1) and waits until PostgREST answers again. */
  reloadSchema(): Promise<void>;
  stop(): Promise<void>;
};

/** Same URL, logging in as `authenticator` / `postgres` as Supabase's PostgREST does. */
export function authenticatorUrl(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  u.username = "authenticator";
  u.password = "postgres";
  return u.toString();
}

/**
 * Cache verified JWTs (an entry lives at most until the token's exp): verifying an ES256 user token costs
 * PostgREST 12 about 3.5 ms per request otherwise, more than the query itself. PostgREST 14 replaced
 * jwt-cache-max-lifetime (seconds) with jwt-cache-max-entries (a bounded cache).
 */
export function jwtCacheSettings(major: number): Record<string, string> {
  return major >= 14 ? { PGRST_JWT_CACHE_MAX_ENTRIES: "1000" } : { PGRST_JWT_CACHE_MAX_LIFETIME: "3600" };
}

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Waits until GET / answers 200 (PostgREST answers 503 while it has no schema cache). */
async function waitReady(url: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`PostgREST exited (${proc.exitCode ?? proc.signalCode})`);
    try {
      const res = await fetch(url + "/", { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgREST did not become ready within ${timeoutMs} ms (${last})`);
}

export async function startPostgrest(opts: PostgrestOptions): Promise<Postgrest> {
  const host = opts.host ?? "127.0.0.1";
  await assertPortFree(opts.port, host, "PostgREST");
  await mkdir(opts.dataDir, { recursive: true });
  const jwksFile = join(opts.dataDir, "postgrest-jwks.json");
  await writeFile(jwksFile, JSON.stringify(opts.jwks), { mode: 0o600 });
  const logFile = join(opts.dataDir, "postgrest.log");
  const logStream = createWriteStream(logFile, { flags: "a" });
  await new Promise((r) => logStream.once("open", r));
  logStream.write(`--- ${new Date().toISOString()} starting PostgREST on ${host}:${opts.port}\n`);

  const schemas = opts.schemas ?? ["public"];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    PGRST_DB_URI: opts.embedded ? opts.databaseUrl : authenticatorUrl(opts.databaseUrl),
    PGRST_DB_SCHEMAS: schemas.join(","),
    PGRST_DB_ANON_ROLE: "anon",
    PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
    PGRST_DB_MAX_ROWS: "1000",
    PGRST_JWT_SECRET: `@${jwksFile}`,
    PGRST_DB_POOL: opts.embedded ? "1" : "10",
    // PGlite has one session: PostgREST's LISTEN connection would never be notified (the stack turns
    // `NOTIFY pgrst` into SIGUSR1 instead, see start-stack.ts).
    PGRST_DB_CHANNEL_ENABLED: opts.embedded ? "false" : "true",
    PGRST_SERVER_HOST: host,
    PGRST_SERVER_PORT: String(opts.port),
    PGRST_LOG_LEVEL: process.env.PGRST_LOG_LEVEL ?? "warn",
    PGRST_DB_POOL_ACQUISITION_TIMEOUT: "30",
    ...jwtCacheSettings(opts.binary.major),
  };
  const proc = spawn(opts.binary.path, [], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout!.pipe(logStream, { end: false });
  proc.stderr!.pipe(logStream, { end: false });
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.once("error", (err) => logStream.write(`spawn error: ${err.message}\n`));
  const identity = proc.pid ? processIdentity(proc.pid) : null;
  const watchdog = identity ? startWatchdog(identity) : null;

  const url = `http://${host}:${opts.port}`;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      watchdog?.kill("SIGTERM");
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        const timer = setTimeout(() => proc.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((r) => logStream.end(() => r()));
    })());

  try {
    await waitReady(url, proc, 30_000);
  } catch (err) {
    await stop();
    const logTail = await tail(logFile);
    throw new Error(`${(err as Error).message}\n--- ${logFile} (tail) ---\n${logTail}`);
  }
  opts.log?.(`PostgREST ${opts.binary.version} ${url} (log: ${logFile})`);

  return {
    url,
    port: opts.port,
    process: proc,
    logFile,
    reloadSchema: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGUSR1");
      await new Promise((r) => setTimeout(r, 50));
      await waitReady(url, proc, 30_000);
    },
    stop,
  };
}
