// Playwright's webServer for the e2e run: a fresh local Supabase stack (in-memory PGlite, or a throwaway
// database on the DATABASE_URL server) on the e2e ports, a production build made with the stack's
// NEXT_PUBLIC_* values into its own folder (skipped when up to date), then `next start`.
// SIGTERM/SIGINT (Playwright's gracefulShutdown) stops the app and the stack and drops the throwaway database.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DIST_DIRS, ensureBuild, publicEnvOf, startApp } from "../../../scripts/test-harness/production-app.ts";
import { createThrowawayDatabase, startStack } from "local-supabase";
import {
  APP_URL,
  E2E_CLIENT_ACTION_TIMEOUT_MS,
  E2E_CONFIRMATIONS,
  E2E_PORTS,
  STACK_INFO_FILE,
  type StackInfo,
} from "./config.ts";

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);
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

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "e2e-stack-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (process.env.DATABASE_URL) {
    const database = await createThrowawayDatabase(process.env.DATABASE_URL, "e2e");
    cleanups.push(() => database.drop());
    databaseUrl = database.url;
  }

  log(`starting the stack (${databaseUrl ? "throwaway PostgreSQL database" : "in-memory PGlite"}) …`);
  const stack = await startStack({
    databaseUrl,
    dataDir,
    pgliteDir: "memory://",
    ports: { api: E2E_PORTS.api, db: E2E_PORTS.db, rest: E2E_PORTS.rest },
    auth: {
      // Mail links lead to this app, not to config.toml's site_url (the dev app's port).
      siteUrl: APP_URL,
      enableConfirmations: E2E_CONFIRMATIONS,
      // Every spec signs people up and in from 127.0.0.1; only the confirmations run meets config.toml's limits.
      ...(E2E_CONFIRMATIONS ? {} : { rateLimit: { signInSignUps: 10_000, tokenVerifications: 10_000 } }),
    },
    log: process.env.STACK_DEBUG ? (line) => log(`stack: ${line}`) : undefined,
  });
  cleanups.push(() => stack.stop());
  log(`stack ready: ${stack.apiUrl} (confirmations ${E2E_CONFIRMATIONS ? "on" : "off"}, mail ${stack.mailUrl})`);

  const info: StackInfo = {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    mailUrl: stack.mailUrl,
    confirmations: E2E_CONFIRMATIONS,
    env: stack.env,
  };
  await mkdir(dirname(STACK_INFO_FILE), { recursive: true });
  await writeFile(STACK_INFO_FILE, JSON.stringify(info, null, 2));
  cleanups.push(() => rm(STACK_INFO_FILE, { force: true }));

  const publicEnv = publicEnvOf(stack.env, {
    NEXT_PUBLIC_CLIENT_ACTION_TIMEOUT_MS: String(E2E_CLIENT_ACTION_TIMEOUT_MS),
  });
  await ensureBuild({ distDir: DIST_DIRS.e2e, publicEnv, log });
  const app = await startApp({ distDir: DIST_DIRS.e2e, env: { ...stack.env, ...publicEnv }, port: E2E_PORTS.app, log });
  cleanups.push(() => app.stop());
  app.process.once("exit", (code) => {
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
