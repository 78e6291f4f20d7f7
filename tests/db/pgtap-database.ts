import { readdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { pgtap } from "@electric-sql/pglite-pgtap";
import pg from "pg";
import { BASE_SQL_PATH, createThrowawayDatabase } from "local-supabase";
import { pgTapMissing } from "../support/pgtap-availability.ts";
import { splitSqlStatements } from "./sql-statements.ts";

const root = new URL("../../", import.meta.url);
const baseSqlUrl = BASE_SQL_PATH;
const migrationsUrl = new URL("supabase/migrations/", root);
const seedUrl = new URL("supabase/seed.sql", root);
export const pgTapTestsUrl = new URL("supabase/tests/database/", root);

/** One connection that runs a single SQL statement and returns the text of each row's first column. */
interface Session {
  statement(sql: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface PgTapFileResult {
  passed: boolean;
  /** Every TAP line the file produced, in order. */
  tap: string[];
  /** What went wrong: failing `not ok` lines with their diagnostics, a wrong plan, or an SQL error. */
  report: string;
}

export interface PgTapDatabase {
  /** Where the tests run, for test titles: "embedded PGlite" or "PostgreSQL pgtap_xxxx". */
  target: string;
  runFile(sql: string): Promise<PgTapFileResult>;
  close(): Promise<void>;
}

/** Defines the tests.* helpers (create_user, uid, create_agency, authenticate_as, …); sorts first by name. */
export const SETUP_FILE = "000-setup-helpers.test.sql";

/** The pgTAP files in name order, the order pg_prove runs them in too. */
export function listPgTapFiles(): string[] {
  return readdirSync(pgTapTestsUrl)
    .filter((name) => name.endsWith(".test.sql"))
    .sort();
}

export function readPgTapFile(name: string): string {
  return readFileSync(new URL(name, pgTapTestsUrl), "utf8");
}

/**
 * A database with Supabase's base objects, every migration and the seed, ready for pgTAP.
 *
 * Without a URL the database is an in-process, in-memory PGlite: the SQL files are applied directly (no
 * Supabase CLI, no Docker), so the pgTAP run needs no services and never touches the running stack.
 * With a URL (PostgreSQL 15+ with pgTAP installed, user allowed to create databases) a throwaway database
 * `pgtap_<random>` is created on that server and dropped by close(); the database named in the URL is untouched.
 */
export async function openPgTapDatabase(databaseUrl?: string): Promise<PgTapDatabase> {
  if (!databaseUrl) {
    const db = new PGlite({ extensions: { pgcrypto, pgtap } });
    const session: Session = {
      async statement(sql) {
        const results = await db.exec(sql);
        return results.flatMap((result) => firstColumnText(result.rows));
      },
      close: () => db.close(),
    };
    await prepare(db.exec.bind(db));
    return pgTapDatabase("embedded PGlite", session);
  }

  const database = await createThrowawayDatabase(databaseUrl, "pgtap");
  const client = new pg.Client({ connectionString: database.url });
  client.on("notice", () => {});
  const session: Session = {
    async statement(sql) {
      const result: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      return (Array.isArray(result) ? result : [result]).flatMap((r) => firstColumnText(r.rows ?? []));
    },
    async close() {
      await client.end();
      await database.drop();
    },
  };
  try {
    await client.connect();
    const missing = await pgTapMissing(client, "DATABASE_URL's database");
    if (missing) throw new Error(missing);
    await prepare((sql) => client.query(sql));
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  return pgTapDatabase(`PostgreSQL ${database.name}`, session);
}

/**
 * The database of a Supabase that is already running (`npm run test:supabase`: DB_URL), with this project's
 * migrations and seed applied there. Nothing is created but pgTAP itself, in `extensions` as on Supabase, when it
 * is not enabled yet; close() disables it again then. Each pgTAP file rolls back its own transaction.
 */
export async function openRunningDatabase(dbUrl: string): Promise<PgTapDatabase> {
  const client = new pg.Client({ connectionString: dbUrl });
  client.on("notice", () => {});
  let enabledHere = false;
  let helpersSchemaExisted = true;
  const session: Session = {
    async statement(sql) {
      const result: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      return (Array.isArray(result) ? result : [result]).flatMap((r) => firstColumnText(r.rows ?? []));
    },
    async close() {
      try {
        // The first pgTAP file creates the tests.* helpers outside a transaction: leave the database as found.
        if (!helpersSchemaExisted) await client.query("drop schema if exists tests cascade");
        if (enabledHere) await client.query("drop extension if exists pgtap");
      } finally {
        await client.end();
      }
    },
  };
  try {
    await client.connect();
    helpersSchemaExisted = !!(await client.query("select 1 from pg_namespace where nspname = 'tests'")).rowCount;
    const missing = await pgTapMissing(client, "DB_URL's database");
    if (missing) throw new Error(missing);
    if (!(await client.query("select 1 from pg_extension where extname = 'pgtap'")).rowCount) {
      await client.query("create extension pgtap with schema extensions");
      enabledHere = true;
    }
    await client.query("set search_path = public, extensions");
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  return pgTapDatabase(`the running Supabase's database (${new URL(dbUrl).host})`, session);
}

async function prepare(exec: (sql: string) => Promise<unknown>): Promise<void> {
  // Roles are cluster-wide on PostgreSQL: the base SQL only creates the ones that do not exist yet.
  await exec(readFileSync(baseSqlUrl, "utf8"));
  // As on Supabase, pgTAP lives in `extensions`, which is on the search path.
  await exec("create extension if not exists pgtap with schema extensions");
  await exec("set search_path = public, extensions");
  for (const migration of readdirSync(migrationsUrl)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    try {
      await exec(readFileSync(new URL(migration, migrationsUrl), "utf8"));
    } catch (error) {
      throw new Error(`migration ${migration} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  await exec(readFileSync(seedUrl, "utf8"));
}

function pgTapDatabase(target: string, session: Session): PgTapDatabase {
  return {
    target,
    close: () => session.close(),
    async runFile(sql) {
      const output: string[] = [];
      let error: string | undefined;
      const statements = splitSqlStatements(sql);
      for (const [index, statement] of statements.entries()) {
        try {
          output.push(...(await session.statement(statement)));
        } catch (caught) {
          const e = caught as Error & { code?: string };
          error = `statement ${index + 1} failed${e.code ? ` (SQLSTATE ${e.code})` : ""}: ${e.message}\n  ${statement.split("\n").join("\n  ")}`;
          await session.statement("rollback").catch(() => {});
          break;
        }
      }
      return evaluateTap(output, error);
    },
  };
}

function firstColumnText(rows: readonly unknown[]): string[] {
  return rows.flatMap((row) => {
    const value = row && typeof row === "object" ? Object.values(row)[0] : undefined;
    return typeof value === "string" ? [value] : [];
  });
}

const tapLine = /^(?:(?:not )?ok\b|1\.\.\d+|#)/;

/** Keeps the TAP lines of a file's output and decides whether the file passed. */
export function evaluateTap(output: string[], error?: string): PgTapFileResult {
  const tap = output.flatMap((value) => value.split("\n")).filter((line) => tapLine.test(line));
  const problems: string[] = [];

  const plan = tap.map((line) => /^1\.\.(\d+)/.exec(line)).find((match) => match !== null);
  const results = tap.filter((line) => /^(?:not )?ok\b/.test(line));

  tap.forEach((line, index) => {
    if (/^not ok\b/.test(line) && !/#\s*TODO/i.test(line)) {
      const diagnostics: string[] = [];
      for (let next = index + 1; next < tap.length && tap[next]!.startsWith("#"); next += 1)
        diagnostics.push(tap[next]!);
      problems.push([line, ...diagnostics].join("\n"));
    }
  });
  if (error) problems.push(`not ok - ${error}`);
  if (!plan) problems.push("no plan: the file must call plan(n)");
  else if (!error && Number(plan[1]) !== results.length) {
    problems.push(`planned ${plan[1]} tests but ran ${results.length}`);
  }

  return { passed: problems.length === 0, tap, report: problems.join("\n") };
}
