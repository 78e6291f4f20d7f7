/**
 * The `next=` target after sign-in, only if it is a path on this site; anything else becomes `/`.
 * Accepts "/x…" but not "//host" or "/\host" (browsers read both as another host), no scheme, no control or
 * whitespace characters (which browsers strip before parsing, turning "/\t/evil" into "//evil").
 * The checks apply to the path we return, after URL normalisation: dot segments collapse, so "/.//evil",
 * "/%2e//evil" and "/a/..//evil" all become "//evil" there.
 */
export function safeNextPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/")) return fallback;
  if (value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters (C0, DEL, C1) and any whitespace; a legitimate path percent-encodes them.
  if (/[\u0000-\u001f\u007f-\u009f\s]/u.test(value)) return fallback;
  if (value.includes("\\")) return fallback;
  // Final check: resolved against a dummy origin it must stay on that origin.
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    const path = url.pathname + url.search + url.hash;
    if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}
