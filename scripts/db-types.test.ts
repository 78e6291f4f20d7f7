import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { databaseTypesUrl, generateDatabaseTypes } from "./db-types.ts";

describe("lib/supabase/database.types.ts", () => {
  it("is up to date with supabase/migrations (run `npm run db:types` after changing a migration)", async () => {
    const generated = await generateDatabaseTypes();
    expect(readFileSync(databaseTypesUrl, "utf8")).toBe(generated);
  }, 60_000);
});
