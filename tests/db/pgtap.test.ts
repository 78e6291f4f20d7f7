import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPgTapFiles, openPgTapDatabase, readPgTapFile, type PgTapDatabase } from "./pgtap-database.ts";

// Runs supabase/tests/database/*.test.sql. By default against an in-memory PGlite (no services needed);
// with DATABASE_URL against a throwaway database created on that server and dropped afterwards.
const databaseUrl = process.env.DATABASE_URL || undefined;
const files = listPgTapFiles();

describe(`pgTAP on ${databaseUrl ? "PostgreSQL (throwaway database)" : "embedded PGlite"}`, () => {
  let db: PgTapDatabase;

  beforeAll(async () => {
    db = await openPgTapDatabase(databaseUrl);
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
