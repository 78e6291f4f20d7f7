// `npm run dev`: Next.js dev server on a local Supabase stack.
//  - NEXT_PUBLIC_SUPABASE_URL set (in the environment or in .env.local / .env) → just `next dev` (you run
//    Supabase yourself).
//  - otherwise → start the local stack in this process (DATABASE_URL or embedded PGlite), run `next dev`
//    with the stack's settings in its environment, forward Ctrl-C/SIGTERM, stop the stack when next exits.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// The files `next dev` reads, in its order of precedence (a variable already set is never overwritten), so that
// a Supabase project named there is used instead of starting the local stack.
for (const file of [".env.development.local", ".env.local", ".env.development", ".env"]) {
  if (existsSync(join(root, file))) process.loadEnvFile(join(root, file));
}
const nextBin = join(root, "node_modules", ".bin", "next");
const log = (line: string) => process.stderr.write(`[dev] ${line}\n`);
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function runNext(env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(nextBin, ["dev", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
  const exited = new Promise<number>((resolve) => {
    child.once("error", (err) => {
      log(`could not start next: ${err.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1)));
  });
  return { child, exited };
}

async function main(): Promise<number> {
  if (process.env.NEXT_PUBLIC_SUPABASE_URL) {
    const { child, exited } = runNext(process.env);
    for (const s of SIGNALS) process.on(s, () => child.kill(s));
    return exited;
  }

  let signalled: NodeJS.Signals | null = null;
  let child: ChildProcess | null = null;
  for (const s of SIGNALS) {
    process.on(s, () => {
      signalled ??= s;
      child?.kill(s);
    });
  }

  const { startStack, formatSettings, authOverridesFromEnv } = await import("local-supabase");
  const stack = await startStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    auth: authOverridesFromEnv(process.env),
    log: (l) => log(`stack: ${l}`),
  });
  let code = 0;
  try {
    if (signalled) return 0;
    log(`Supabase settings:\n${formatSettings(stack)}`);
    const next = runNext({ ...process.env, ...stack.env });
    child = next.child;
    if (signalled) child.kill(signalled);
    code = await next.exited;
  } finally {
    log("stopping the stack");
    await stack.stop();
  }
  return signalled ? 0 : code;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    const { isPlainError } = await import("local-supabase");
    process.stderr.write(
      `${isPlainError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
