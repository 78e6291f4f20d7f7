// The format-character migration cleans the names already stored before it adds its rule: names written under
// the earlier rule (bidi overrides, zero-width characters, no-break spaces only) are cleaned or become null, good
// names stay as they are, and the rule then holds for every row. On the embedded PGlite (one connection is enough).
import { readdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BASE_SQL_PATH } from "local-supabase";

const migrationsUrl = new URL("../../supabase/migrations/", import.meta.url);
const MIGRATION = "20261202120000_display_names_without_format_characters.sql";

// Stored name (accepted by the earlier rule) → the name after the migration.
const names: [string, string | null][] = [
  ["\u202Egnp.exe", "gnp.exe"],
  ["Ann\u2066a\u2069", "Anna"],
  ["\u200B\u200B", null],
  ["\uFEFFBo", "Bo"],
  ["\u00A0\u00A0", null],
  ["\u3000\u3000\u3000", null],
  ["\u00A0Jean\u00A0Pierre\u3000", "Jean\u00A0Pierre"],
  ["Soft\u00ADhyphen", "Softhyphen"],
  ["Dave Lindqvist", "Dave Lindqvist"],
  ["Zoë 🙂", "Zoë 🙂"],
];

let db: PGlite;

beforeAll(async () => {
  db = new PGlite({ extensions: { pgcrypto } });
  await db.exec(readFileSync(BASE_SQL_PATH, "utf8"));
  const earlier = readdirSync(migrationsUrl)
    .filter((name) => name.endsWith(".sql") && name < MIGRATION)
    .sort();
  for (const name of earlier) await db.exec(readFileSync(new URL(name, migrationsUrl), "utf8"));
  for (const [i, [name]] of names.entries()) {
    const id = `e7000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    await db.query("insert into auth.users (id, email) values ($1, $2)", [id, `user${i}@cleanup.test`]);
    await db.query("update public.profiles set display_name = $2 where id = $1", [id, name]);
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
});

it("cleans every stored name, then every row satisfies the new rule", async () => {
  await db.exec(readFileSync(new URL(MIGRATION, migrationsUrl), "utf8"));

  const { rows } = await db.query<{ display_name: string | null }>(
    "select display_name from public.profiles where id::text like 'e7000000-%' order by id",
  );
  expect(rows.map((r) => r.display_name)).toEqual(names.map(([, cleaned]) => cleaned));

  const { rows: constraint } = await db.query<{ convalidated: boolean }>(
    `select convalidated from pg_constraint
     where conname = 'display_name_1_to_80_characters_no_control_format_or_blank'`,
  );
  expect(constraint).toEqual([{ convalidated: true }]);
});
