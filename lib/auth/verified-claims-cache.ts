import "server-only";

// Bearer tokens already verified by this server process, so a client that sends the same access token again
// (an API client, a retry, a burst) is not verified again: getClaims() imports the signing key and checks the
// ES256 signature on every call. Keyed by the whole token (its signature included), so only a byte-identical
// token hits; an entry lives until the token's own `exp`, never longer. Bounded: the oldest entry goes first.
// Only tokens getClaims() verifies locally (asymmetric, with a `kid`) are kept: for the others (HS256/384/512, the
// legacy secret) it asks Supabase Auth, which also refuses a signed-out session, and that check must not be skipped.

const MAX_ENTRIES = 1000;
const entries = new Map<string, { sub: string; expiresAtMs: number }>();

/** The subject of a token verified earlier and not yet expired, else null. */
export function verifiedSubject(token: string, nowMs = Date.now()): string | null {
  const entry = entries.get(token);
  if (!entry) return null;
  if (entry.expiresAtMs <= nowMs) {
    entries.delete(token);
    return null;
  }
  return entry.sub;
}

/** Remembers a token getClaims() has just verified (tokens without `sub` or `exp` are not kept). */
export function rememberVerified(token: string, claims: { sub?: unknown; exp?: unknown }, nowMs = Date.now()): void {
  if (typeof claims.sub !== "string" || typeof claims.exp !== "number" || !verifiedLocally(token)) return;
  const expiresAtMs = claims.exp * 1000;
  if (expiresAtMs <= nowMs) return;
  if (entries.size >= MAX_ENTRIES && !entries.has(token)) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(token, { sub: claims.sub, expiresAtMs });
}

/**
 * What getClaims() checks with the signing keys alone, by its own test: an algorithm that is not symmetric (any
 * `HS*`), and a key id in the header. Every other token it sends to Auth.
 */
function verifiedLocally(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as unknown;
    if (typeof header !== "object" || header === null) return false;
    const { alg, kid } = header as { alg?: unknown; kid?: unknown };
    return typeof kid === "string" && typeof alg === "string" && alg !== "" && !alg.startsWith("HS");
  } catch {
    return false;
  }
}

/** For tests. */
export function forgetVerifiedClaims(): void {
  entries.clear();
}
