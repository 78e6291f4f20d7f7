import { z } from "zod";
import { decodeKey, encodeKey, filterValue } from "@/lib/db/keyset-cursor";

// The agency directory's keyset cursors. The directory is alphabetical, as a reader scans it: by name, then by
// id so that agencies with the same name keep one order (agencies_name_id_idx serves both directions).

/** Agencies sort by (name, id). */
export type AgencyCursor = { name: string; id: string };

/** Where a directory page starts: at the beginning, after a cursor (Next), or before one (Previous). */
export type DirectoryPosition = { after: AgencyCursor } | { before: AgencyCursor } | null;

/** Same bound as the agencies_name_length check. */
export const AGENCY_NAME_MAX_LENGTH = 120;
// A cursor holds a name of at most 120 code points, each at most 6 bytes of JSON (a control character's
// \u escape), plus an id: 763 bytes, 1,018 characters of base64url.
const CURSOR_MAX_LENGTH = 1024;

// Counted in code points, as PostgreSQL's char_length counts (a string's length is UTF-16 code units).
const agencyName = z
  .string()
  .min(1)
  .refine((name) => [...name].length <= AGENCY_NAME_MAX_LENGTH);
const agencyKey = z.tuple([agencyName, z.uuid()]);

export function encodeAgencyCursor(row: { name: string; id: string }): string {
  return encodeKey([row.name, row.id]);
}

/** An `after` or `before` search parameter holding an agency cursor. */
export const agencyCursorParam = z.string().transform((value, context): AgencyCursor => {
  const parsed = agencyKey.safeParse(decodeKey(value, CURSOR_MAX_LENGTH));
  if (!parsed.success) {
    context.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  }
  return { name: parsed.data[0], id: parsed.data[1] };
});

/**
 * The position the directory's search parameters name. A cursor that does not parse (edited by hand, or from an
 * older version) shows the first page, as the inbox does.
 */
export function directoryPosition(params: {
  after?: string | string[];
  before?: string | string[];
}): DirectoryPosition {
  const after = agencyCursorParam.safeParse(params.after);
  if (after.success) return { after: after.data };
  const before = agencyCursorParam.safeParse(params.before);
  return before.success ? { before: before.data } : null;
}

/**
 * PostgREST filters for the agencies strictly after `cursor` in (name, id) (`direction` "after"), or strictly
 * before it ("before", read backwards): a bound on name the index seeks to, and the id among equal names.
 */
export function agenciesBeyond(cursor: AgencyCursor, direction: "after" | "before") {
  const [strict, bound] = direction === "after" ? (["gt", "gte"] as const) : (["lt", "lte"] as const);
  const name = filterValue(cursor.name);
  return {
    bound,
    name: cursor.name,
    or: `name.${strict}.${name},and(name.eq.${name},id.${strict}.${filterValue(cursor.id)})`,
  };
}
