// The envelope of every keyset cursor: a row's sort key as a JSON array, base64url-encoded, so clients treat it
// as opaque. Decoding only unwraps it; each kind of cursor validates the array it expects (zod) before any part
// of it reaches PostgREST.

export function encodeKey(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The JSON inside a cursor, or undefined when it is not base64url of JSON or longer than `maxLength`. */
export function decodeKey(cursor: string, maxLength = 400): unknown {
  if (cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A value inside a PostgREST `or=(…)` filter, double-quoted so its punctuation (`,` `.` `:` `(` `)`) is never
 * read as filter syntax; `"` and `\` inside it are escaped with a backslash.
 */
export function filterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}
