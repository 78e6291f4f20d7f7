#!/usr/bin/env node
// The `local-supabase` command.
//   local-supabase [start]   start the stack, print its settings like `supabase status -o env`, stay up until
//                            Ctrl-C / SIGTERM, then shut everything down (no process left behind).
//   local-supabase db-reset  base SQL + all migrations + seed on the stack's database (see db-reset.ts).
// DATABASE_URL set → that PostgreSQL; otherwise embedded PGlite with its data in ./.supabase-local/pglite.
import { authOverridesFromEnv } from "./auth/config.ts";
import { dbReset } from "./db-reset.ts";
import { isPlainError } from "./plain-errors.ts";
import { formatSettings, startStack } from "./start-stack.ts";

const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);

async function start(): Promise<void> {
  let stopRequested = false;
  let stop: (() => Promise<void>) | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopRequested) return;
    stopRequested = true;
    log(`${signal}: stopping`);
    if (!stop) return; // still starting: stopped as soon as startStack returns
    void stop().then(
      () => process.exit(0),
      (err) => {
        log(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);

  const stack = await startStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    auth: authOverridesFromEnv(process.env),
    log,
  });
  stop = stack.stop;
  if (stopRequested) {
    await stack.stop();
    process.exit(0);
  }
  process.stdout.write(formatSettings(stack) + "\n");
  log("running; Ctrl-C to stop");
}

const USAGE = "usage: local-supabase [start | db-reset]";

async function main(command: string | undefined): Promise<void> {
  if (command === undefined || command === "start") return start();
  return dbReset();
}

const command = process.argv[2];
if (command !== undefined && command !== "start" && command !== "db-reset") {
  process.stderr.write(`unknown command ${JSON.stringify(command)}; ${USAGE}\n`);
  process.exit(2);
}
main(command).catch((err: unknown) => {
  const what = command === "db-reset" ? "db:reset failed" : "stack failed to start";
  if (isPlainError(err)) process.stderr.write(`${err.message}\n`);
  else if (command === "db-reset")
    process.stderr.write(`${what}: ${err instanceof Error ? err.message : String(err)}\n`);
  else process.stderr.write(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
