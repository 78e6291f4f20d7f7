// The display-name rule's character classes are written out in SQL (PostgreSQL 15 has no \p{Cf}). This test
// generates them from Node's Unicode data and fails when the migration disagrees, then asks PostgreSQL (the
// embedded PGlite, and the server in DATABASE_URL when there is one) which code points its regular expressions
// match with the migration's classes: exactly the generated ones.
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MIGRATION = new URL(
  "../../supabase/migrations/20261202120000_display_names_without_format_characters.sql",
  import.meta.url,
);
const LAST_CODE_POINT = 0x10ffff;
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
const isControl = (cp: number) => (cp >= 0x01 && cp <= 0x1f) || (cp >= 0x7f && cp <= 0x9f);

function codePointsWhere(test: (cp: number) => boolean): number[] {
  const found: number[] = [];
  for (let cp = 1; cp <= LAST_CODE_POINT; cp++) if (!isSurrogate(cp) && test(cp)) found.push(cp);
  return found;
}

/** A PostgreSQL regular-expression bracket body for these code points, ranges joined with "-". */
function bracketBody(codePoints: number[]): string {
  const escape = (cp: number) => {
    if (cp === 0x09) return "\\t";
    if (cp === 0x0d) return "\\r";
    if (cp === 0x20) return " ";
    if (isControl(cp)) return `\\x${cp.toString(16).padStart(2, "0")}`;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
    return `\\U${cp.toString(16).padStart(8, "0")}`;
  };
  let body = "";
  for (let i = 0; i < codePoints.length;) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    body += i === j ? escape(codePoints[i]!) : `${escape(codePoints[i]!)}-${escape(codePoints[j]!)}`;
    i = j + 1;
  }
  return body;
}

const formatCharacter = /^\p{Cf}$/u;
const whiteSpace = /^\p{White_Space}$/u;
const refused = codePointsWhere((cp) => isControl(cp) || formatCharacter.test(String.fromCodePoint(cp)));
const whitespace = codePointsWhere((cp) => whiteSpace.test(String.fromCodePoint(cp)));
const refusedClass = `[${bracketBody(refused)}]`;
const whitespaceBody = bracketBody(whitespace);
const sql = readFileSync(MIGRATION, "utf8");

describe("display-name character classes", () => {
  it("Node knows the format characters the issue names", () => {
    for (const cp of [0x200b, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0x00ad, 0xe0001])
      expect(refused, cp.toString(16)).toContain(cp);
    for (const cp of [0x00a0, 0x3000, 0x2007, 0x202f]) expect(whitespace, cp.toString(16)).toContain(cp);
  });

  it("the migration writes out exactly the classes Node generates", () => {
    const classes = [...sql.matchAll(/'[^'\n]*?(\[\^?[^\]]*\])[^'\n]*'/g)].map((m) => m[1]);
    const expected = [refusedClass, `[${whitespaceBody}]`, `[^${whitespaceBody}]`];
    // Every bracket expression in the file is one of the generated ones …
    expect(classes.filter((c) => !expected.includes(c!))).toEqual([]);
    // … and each is there: the refused class in the cleaning and in the check, whitespace in both.
    expect(classes.filter((c) => c === refusedClass)).toHaveLength(2);
    expect(classes.filter((c) => c === `[^${whitespaceBody}]`)).toHaveLength(1);
    expect(classes.filter((c) => c === `[${whitespaceBody}]`).length).toBeGreaterThanOrEqual(2);
  });

  describe.each([
    ["embedded PGlite", undefined],
    ["PostgreSQL (DATABASE_URL)", process.env.DATABASE_URL || undefined],
  ])("on %s", (where, url) => {
    const skip = where !== "embedded PGlite" && !url;
    let query: (text: string, params: unknown[]) => Promise<number[]>;
    let close: () => Promise<void>;

    beforeAll(async () => {
      if (skip) return;
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        query = async (text, params) => (await client.query<{ cps: number[] }>(text, params)).rows[0]!.cps;
        close = () => client.end();
      } else {
        const db = new PGlite();
        query = async (text, params) => (await db.query<{ cps: number[] }>(text, params)).rows[0]!.cps;
        close = () => db.close();
      }
    });

    afterAll(async () => {
      await close?.();
    });

    const matched = (pattern: string) =>
      query(
        `select coalesce(array_agg(cp order by cp), '{}') as cps from generate_series(1, ${LAST_CODE_POINT}) cp
         where (cp < 55296 or cp > 57343) and chr(cp) ~ $1`,
        [pattern],
      );

    it.skipIf(skip)("its regular expressions match exactly the generated code points", async () => {
      expect(await matched(refusedClass)).toEqual(refused);
      expect(await matched(`[${whitespaceBody}]`)).toEqual(whitespace);
    });
  });
});

if (!process.env.DATABASE_URL) {
  console.log("display-name-character-classes: PostgreSQL check skipped, no DATABASE_URL (PGlite checked)");
}
