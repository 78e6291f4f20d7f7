// Another project's PostgreSQL on 54322 (the port every `supabase start` gives its database, and this stack's):
// with no stack of ours running, `db:reset` and `seed:scale` refuse in one line that names the port and what
// answered there, and leave that database exactly as it was.
//
// 54322 is a fixed port: the test holds the fixed-ports lock (support/fixed-ports-lock.ts) from before it starts
// the cluster until it has stopped it, so it never meets a stack or benchmark started under the same lock; a
// port taken by something outside the lock fails the test with a message saying so.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PORTS, isPortFree } from "local-supabase";
import { holdFixedPortsLock, type HeldLock } from "./support/fixed-ports-lock.ts";
import { findPostgresBin, startForeignPostgres, type ForeignPostgres } from "./support/foreign-postgres.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const PORT = DEFAULT_PORTS.db;
const bin = findPostgresBin();
if (!bin) console.log("foreign database: skipped, no PostgreSQL server binaries (initdb, pg_ctl) on this machine");

let lock: HeldLock | null = null;
let foreign: ForeignPostgres | null = null;
let cwd: string;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: foreign!.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Everything a tool could have changed: schemas, roles, tables, the rows of the two tables, the comment. */
async function snapshot(): Promise<unknown> {
  const [row] = await query<{ s: unknown }>(`
    select json_build_object(
      'schemas', (select json_agg(nspname order by nspname) from pg_namespace),
      'roles', (select json_agg(rolname order by rolname) from pg_roles),
      'tables', (select json_agg(schemaname || '.' || tablename order by 1) from pg_tables
                 where schemaname not in ('pg_catalog', 'information_schema')),
      'precious', (select json_agg(p order by id) from public.precious p),
      'users', (select json_agg(u order by id) from auth.users u),
      'comment', (select shobj_description(oid, 'pg_database') from pg_database where datname = 'postgres')
    ) as s`);
  return row!.s;
}

/** Runs a tool as `npm run` would, but in an empty folder (so no `.supabase-local` of a developer is involved). */
function runTool(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL; // "this one, on purpose" is not what is tested here
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe.skipIf(!bin)(`another project's PostgreSQL on port ${PORT}`, () => {
  beforeAll(async () => {
    lock = await holdFixedPortsLock(15 * 60_000);
    if (!(await isPortFree(PORT))) {
      throw new Error(`port ${PORT} is in use by something that does not hold the fixed-ports lock: stop it first`);
    }
    foreign = await startForeignPostgres(bin!, PORT);
    await query(`
      create schema auth;
      create table auth.users (id uuid primary key, email text not null);
      insert into auth.users values ('00000000-0000-4000-8000-000000000001', 'someone@elsewhere.example');
      create table public.precious (id int primary key, body text not null);
      insert into public.precious select i, 'row ' || i from generate_series(1, 3) i`);
    cwd = await mkdtemp(join(tmpdir(), "foreign-db-tools-"));
  }, 20 * 60_000);

  afterAll(async () => {
    try {
      await foreign?.stop();
      if (cwd) await rm(cwd, { recursive: true, force: true });
    } finally {
      await lock?.release();
    }
  });

  const refusal = new RegExp(
    `^port ${PORT} is served by PostgreSQL \\d+\\.\\d+[^,]*, which is not this project's local stack \\(no stack of ` +
      "this project runs on [^)]+\\); nothing was changed\\. Stop that server, or set DATABASE_URL to the database you mean\\.$",
  );

  it("db:reset refuses in one line and changes nothing", async () => {
    const before = await snapshot();
    const { code, stderr } = await runTool([join(root, "packages/local-supabase/src/cli.ts"), "db-reset"]);
    expect(await snapshot()).toEqual(before);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr.trim()).toMatch(refusal);
  });

  it("seed:scale refuses in one line and changes nothing", async () => {
    const before = await snapshot();
    const { code, stderr } = await runTool([join(root, "scripts/scale/seed-scale.ts"), "--plan-size"]);
    expect(await snapshot()).toEqual(before);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^\[seed:scale\] /, "")).toMatch(refusal);
  });
});
