import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPgTapFiles, openPgTapDatabase, readPgTapFile, SETUP_FILE, type PgTapDatabase } from "./pgtap-database.ts";

// Runs supabase/tests/database/*.test.sql. By default against an in-memory PGlite (no services needed);
// with DATABASE_URL against a throwaway database created on that server and dropped afterwards.
// Files run in name order; 000-setup-helpers.test.sql defines the tests.* helpers the others use. beforeAll runs
// it too, so a filtered run (`-t messages`) still has the helpers.
const databaseUrl = process.env.DATABASE_URL || undefined;
const files = listPgTapFiles();

describe(`pgTAP on ${databaseUrl ? "PostgreSQL (throwaway database)" : "embedded PGlite"}`, () => {
  let db: PgTapDatabase;

  beforeAll(async () => {
    db = await openPgTapDatabase(databaseUrl);
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
