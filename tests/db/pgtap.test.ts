import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNNING_SUPABASE_FLAG } from "../support/running-supabase.ts";
import {
  listPgTapFiles,
  openPgTapDatabase,
  openRunningDatabase,
  readPgTapFile,
  SETUP_FILE,
  type PgTapDatabase,
} from "./pgtap-database.ts";

// Runs supabase/tests/database/*.test.sql. By default against an in-memory PGlite (no services needed);
// with DATABASE_URL against a throwaway database created on that server and dropped afterwards; under
// `npm run test:supabase` in the running Supabase's own database (DB_URL), each file rolling back its work.
// Files run in name order; 000-setup-helpers.test.sql defines the tests.* helpers the others use. beforeAll runs
// it too, so a filtered run (`-t messages`) still has the helpers.
const runningDbUrl = process.env[RUNNING_SUPABASE_FLAG] === "1" ? process.env.DB_URL : undefined;
const databaseUrl = process.env.DATABASE_URL || undefined;
const files = listPgTapFiles();
const where = runningDbUrl
  ? "the running Supabase (DB_URL)"
  : databaseUrl
    ? "PostgreSQL (throwaway database)"
    : "embedded PGlite";

describe(`pgTAP on ${where}`, () => {
  let db: PgTapDatabase;

  beforeAll(async () => {
    db = runningDbUrl ? await openRunningDatabase(runningDbUrl) : await openPgTapDatabase(databaseUrl);
    const setup = await db.runFile(readPgTapFile(SETUP_FILE));
    if (!setup.passed) throw new Error(`${SETUP_FILE}\n${setup.report}`);
  });

  afterAll(async () => {
    await db?.close();
  });

  it("finds pgTAP files to run, the helpers' file first", () => {
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toBe(SETUP_FILE);
  });

  for (const file of files) {
    it(file, async () => {
      const result = await db.runFile(readPgTapFile(file));
      if (!result.passed) expect.fail(`${file}\n${result.report}`);
      expect(result.tap.some((line) => line.startsWith("ok"))).toBe(true);
    });
  }
});
