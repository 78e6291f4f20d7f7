// `npm run stack`: start the local Supabase stack, print its settings like `supabase status -o env`, stay up
// until Ctrl-C / SIGTERM, then shut everything down (no process left behind).
// DATABASE_URL set → that PostgreSQL; otherwise embedded PGlite with its data in .supabase-local/pglite.
import { DatabaseUnreachableError } from "./database.ts";
import { PortInUseError } from "./ports.ts";
import { formatEnv, startStack } from "./start-stack.ts";

const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);

async function main(): Promise<void> {
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

  const stack = await startStack({ databaseUrl: process.env.DATABASE_URL || undefined, log });
  stop = stack.stop;
  if (stopRequested) {
    await stack.stop();
    process.exit(0);
  }
  process.stdout.write(formatEnv(stack.env) + "\n");
  log("running; Ctrl-C to stop");
}

main().catch((err: unknown) => {
  if (err instanceof PortInUseError || err instanceof DatabaseUnreachableError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`stack failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
