// `npm run test:supabase`: the integration and pgTAP suites against a Supabase that is already running — `supabase
// start`, `npm run stack`, or any other — named by the variables `supabase status -o env` prints (API_URL, DB_URL,
// PUBLISHABLE_KEY or ANON_KEY, SECRET_KEY or SERVICE_ROLE_KEY). When API_URL and DB_URL are not in the environment it
// runs `supabase status -o env` itself. It starts nothing; the suites remove the users and rows they made.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pgTapMissing } from "../tests/support/pgtap-availability.ts";
import {
  RUNNING_SUPABASE_FLAG,
  parseEnvOutput,
  readRunningSupabase,
  type RunningSupabase,
} from "../tests/support/running-supabase.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);

/** The suites run against it, and those left out with the reason (printed, never silently skipped). */
const SUITES = [
  "tests/integration/conversations-api.test.ts",
  "tests/integration/live-conversations-api.test.ts",
  "tests/integration/live-conversations-realtime.test.ts",
  "tests/integration/stack.test.ts",
  "tests/db/",
];
const LEFT_OUT: Record<string, string> = {
  "tests/integration/auth-contract.test.ts":
    "specifies the local stack's own Auth server against supabase-js (it reads the stack's /_stack/stats counters and signs tokens with its keys)",
  "tests/integration/auth-email-flows.test.ts":
    "specifies the local stack's Auth email flows; half of it on a local stack of its own started with confirmations on",
  "tests/integration/auth-limits.test.ts":
    "specifies the local stack's Auth limits on a local stack of its own with small [auth.rate_limit] values",
  "tests/integration/gateway-contract.test.ts":
    "specifies the local stack's own gateway (its /_stack/stats counters, a gateway started on a stopped PostgREST)",
};

function fail(message: string): never {
  process.stderr.write(`test:supabase: ${message}\n`);
  process.exit(1);
}

function settingsFromSupabaseCli(): Record<string, string> {
  const run = spawnSync(bin("supabase"), ["status", "-o", "env"], {
    cwd: root,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (run.error || run.status !== 0) {
    const why = (run.error?.message ?? run.stderr ?? "").trim().split("\n").slice(-3).join(" ");
    fail(
      `API_URL and DB_URL are not set and \`supabase status -o env\` failed${why ? ` (${why})` : ""}. ` +
        "Start Supabase (`supabase start`, or `npm run stack` in another terminal) and set its variables " +
        "(API_URL, DB_URL, PUBLISHABLE_KEY or ANON_KEY, SECRET_KEY or SERVICE_ROLE_KEY) as `supabase status -o env` prints them.",
    );
  }
  return parseEnvOutput(run.stdout);
}

async function assertReachable(supabase: RunningSupabase): Promise<void> {
  const health = await fetch(`${supabase.apiUrl}/auth/v1/health`, {
    headers: { apikey: supabase.publishableKey },
    signal: AbortSignal.timeout(10_000),
  }).catch((err: Error) => fail(`no Supabase answers at API_URL=${supabase.apiUrl} (${err.message}).`));
  if (!health.ok) fail(`Auth at ${supabase.apiUrl}/auth/v1/health answered HTTP ${health.status}; is the key right?`);

  const client = new pg.Client({ connectionString: supabase.dbUrl, connectionTimeoutMillis: 10_000 });
  let problem: string | null;
  try {
    await client.connect();
    // What the server can run before what the project put in it: pgTAP missing is the one a reset cannot fix.
    problem = await pgTapMissing(client, "DB_URL's database");
    const { rows } = await client.query<{ ready: boolean }>(
      "select to_regclass('public.conversations') is not null as ready",
    );
    if (!problem && !rows[0]?.ready) {
      problem =
        "this project's migrations are not applied to DB_URL's database: run `supabase db reset` (migrations + seed).";
    }
  } catch (err) {
    problem = `cannot query DB_URL's database (${(err as Error).message}).`;
  } finally {
    await client.end().catch(() => {});
  }
  if (problem) fail(problem);
}

async function main(): Promise<number> {
  const given = process.env.API_URL || process.env.DB_URL ? { ...process.env } : settingsFromSupabaseCli();
  const read = readRunningSupabase(given);
  if (!read.ok) fail(`missing ${read.missing.join(", ")} (the variables \`supabase status -o env\` prints).`);
  const supabase = read.supabase;
  await assertReachable(supabase);

  process.stdout.write(`test:supabase: against ${supabase.apiUrl} (database ${new URL(supabase.dbUrl).host})\n`);
  for (const [file, reason] of Object.entries(LEFT_OUT))
    process.stdout.write(`test:supabase: not run: ${file}: ${reason}\n`);

  const env: NodeJS.ProcessEnv = { ...process.env, ...supabase.env, [RUNNING_SUPABASE_FLAG]: "1" };
  delete env.DATABASE_URL; // the suites would otherwise make their own throwaway databases on it
  const vitest = spawn(
    bin("vitest"),
    ["run", "--project", "integration", "--project", "db", ...SUITES, ...process.argv.slice(2)],
    { cwd: root, env, stdio: "inherit", shell: process.platform === "win32" },
  );
  return new Promise((resolve) => {
    vitest.once("error", (err) => fail(`could not start vitest: ${err.message}`));
    vitest.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

process.exit(await main());
