// `npm run test:supabase` against a Supabase whose database server has no pgTAP stops before running anything,
// with one line saying how to get pgTAP (it used to fail inside the pgTAP suite with a stack trace).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createThrowawayDatabase, startStack, type Stack, type ThrowawayDatabase } from "local-supabase";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The smallest project a stack starts on: pgTAP is checked before the project's own migrations.
const fixtureProject = join(root, "packages/local-supabase/test/fixture-project");
const serverUrl = process.env.DATABASE_URL || undefined;

async function serverHasPgTap(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_available_extensions where name = 'pgtap'");
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

const postgresWithoutPgTap = serverUrl ? !(await serverHasPgTap(serverUrl)) : false;
if (!postgresWithoutPgTap) {
  console.log(
    serverUrl
      ? "test:supabase without pgTAP on PostgreSQL: not run, DATABASE_URL's server has pgTAP installed"
      : "test:supabase without pgTAP on PostgreSQL: not run, DATABASE_URL names no PostgreSQL server",
  );
}

let stack: Stack | null = null;
let throwaway: ThrowawayDatabase | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  await stack?.stop();
  await throwaway?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  stack = throwaway = dataDir = null;
});

async function startAppStack(databaseUrl?: string): Promise<Stack> {
  dataDir = await mkdtemp(join(tmpdir(), "test-supabase-stack-"));
  return startStack({ databaseUrl, dataDir, pgliteDir: "memory://", ports: "auto", workdir: fixtureProject });
}

/** `npm run test:supabase` with the settings the stack prints, as a user pastes them. */
function runTestSupabase(running: Stack): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...running.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, "scripts/test-supabase.ts")], { cwd: root, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run test:supabase without pgTAP", () => {
  it("on the embedded PGlite stack: one line, to run the stack on a PostgreSQL with pgTAP", async () => {
    stack = await startAppStack();
    const { code, stdout, stderr } = await runTestSupabase(stack);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      "test:supabase: pgTAP is not available in DB_URL's database: it is the local stack's embedded PGlite, which " +
        "has no pgTAP. Run the stack on a PostgreSQL with pgTAP (`DATABASE_URL=postgresql://… npm run stack`) or " +
        "use `supabase start`.",
    ]);
  });

  it.skipIf(!postgresWithoutPgTap)(
    "on a PostgreSQL server without pgTAP: one line naming how to install it",
    async () => {
      throwaway = await createThrowawayDatabase(serverUrl!, "nopgtap");
      stack = await startAppStack(throwaway.url);
      const { code, stdout, stderr } = await runTestSupabase(stack);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^test:supabase: pgTAP is not installed on the PostgreSQL (\d+) server of DB_URL's database: install it on that server \(Debian\/Ubuntu: `apt-get install postgresql-\1-pgtap`; macOS: `brew install pgtap`;/,
      );
    },
  );
});
