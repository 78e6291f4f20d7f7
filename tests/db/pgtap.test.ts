import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNNING_SUPABASE_FLAG } from "../support/running-supabase.ts";
import {
  listPgTapFiles,
  openPgTapDatabase,
  openRunningDatabase,
  readPgTapFile,
  type PgTapDatabase,
} from "./pgtap-database.ts";

// Runs supabase/tests/database/*.test.sql. By default against an in-memory PGlite (no services needed);
// with DATABASE_URL against a throwaway database created on that server and dropped afterwards; under
// `npm run test:supabase` in the running Supabase's own database (DB_URL), each file rolling back its work.
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
  });

  afterAll(async () => {
    await db?.close();
  });

  it("finds pgTAP files to run", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, async () => {
      const result = await db.runFile(readPgTapFile(file));
      if (!result.passed) expect.fail(`${file}\n${result.report}`);
      expect(result.tap.some((line) => line.startsWith("ok"))).toBe(true);
    });
  }
});
