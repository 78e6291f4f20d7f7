// Migrations + seed through the real Supabase CLI (the npm package `supabase`), without Docker:
//  - never migrated (no supabase_migrations.schema_migrations): `supabase db reset --db-url …` (migrations + seed.sql)
//  - otherwise: `supabase migration up --db-url …` (pending migrations only, no seed)
//
// `db reset --db-url` treats the database as a remote project: it drops every schema except a fixed list
// (extensions, public, supabase_migrations, …) and those owned by supabase_admin, drops everything in
// `public`, truncates the tables of `auth` and `supabase_migrations`, keeps roles and pgcrypto. The base SQL
// makes `auth` owned by supabase_admin so the auth schema survives; callers re-apply the base SQL before a
// reset anyway (see resetDatabase) so a half-broken database is repaired first.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { applyBase } from "./database.ts";
import { withClient, withSslDisabled } from "./pg-client.ts";

export type MigrateOptions = {
  /** Superuser URL of the database. */
  databaseUrl: string;
  /** Folder holding `supabase/` (default: the current directory). */
  workdir?: string;
  log?: (line: string) => void;
};

export type MigrateResult = { mode: "reset" | "up"; output: string };

/** The CLI's launcher script, from the `supabase` package this package depends on. */
function supabaseBin(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve("supabase/package.json");
  } catch {
    throw new Error("Supabase CLI not found: the npm package supabase is not installed (run npm install)");
  }
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: string | Record<string, string> };
  const file = join(dirname(manifest), typeof bin === "string" ? bin : (bin.supabase ?? ""));
  if (!existsSync(file)) throw new Error(`Supabase CLI not found at ${file} (run npm install)`);
  return file;
}

/** Runs the Supabase CLI; resolves with its combined output, rejects with it on a non-zero exit. */
export function runSupabaseCli(
  args: string[],
  opts: { workdir?: string; log?: (line: string) => void } = {},
): Promise<string> {
  const workdir = resolve(opts.workdir ?? process.cwd());
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [supabaseBin(), ...args, "--workdir", workdir], {
      cwd: workdir,
      env: { ...process.env, DO_NOT_TRACK: "1", SUPABASE_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (d: Buffer) => {
      output += d.toString();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", fail);
    child.once("close", (code, signal) => {
      for (const line of output.split("\n")) if (line.trim()) opts.log?.(`  supabase: ${line.trim()}`);
      if (code === 0) ok(output);
      else fail(new Error(`supabase ${args[0]} ${args[1] ?? ""} failed (${code ?? signal}):\n${output.trim()}`));
    });
  });
}

/**
 * The connection string handed to the CLI. The CLI treats `127.0.0.1:<[db] port of config.toml>` (54322) as
 * "the local database" and then wants Docker for `db reset`; any other spelling is a remote database, which
 * it resets over the wire. `localhost` names the same server.
 */
export function cliDbUrl(databaseUrl: string): string {
  const u = new URL(withSslDisabled(databaseUrl));
  if (u.hostname === "127.0.0.1") u.hostname = "localhost";
  return u.toString();
}

/** True when the CLI has recorded migrations here before (the table exists, even if empty). */
export async function hasMigrationHistory(databaseUrl: string): Promise<boolean> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ t: string | null }>(
      "select to_regclass('supabase_migrations.schema_migrations')::text as t",
    );
    return r.rows[0]?.t != null;
  });
}

/** `supabase db reset --yes --db-url …`: drops user objects, applies all migrations, runs seed.sql. */
export async function resetDatabase(opts: MigrateOptions): Promise<string> {
  await applyBase(opts.databaseUrl);
  return runSupabaseCli(["db", "reset", "--yes", "--db-url", cliDbUrl(opts.databaseUrl)], opts);
}

/** Applies pending migrations; on a database never migrated, does a full reset (migrations + seed). */
export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  if (!(await hasMigrationHistory(opts.databaseUrl))) {
    opts.log?.("database never migrated: supabase db reset (migrations + seed)");
    return { mode: "reset", output: await resetDatabase(opts) };
  }
  opts.log?.("applying pending migrations: supabase migration up");
  const output = await runSupabaseCli(
    ["migration", "up", "--include-all", "--db-url", cliDbUrl(opts.databaseUrl)],
    opts,
  );
  return { mode: "up", output };
}
