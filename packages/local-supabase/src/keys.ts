// Keys of the local stack: the same defaults `supabase start` prints, plus the ES256 signing key for user tokens.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";

export type { JWK };

/** `supabase start`'s legacy HS256 JWT secret. */
export const JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** HS256 JWT {"iss":"supabase-demo","role":"anon","exp":1983812996} signed with JWT_SECRET (unit-tested). */
export const ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

/** HS256 JWT {"iss":"supabase-demo","role":"service_role","exp":1983812996} signed with JWT_SECRET (unit-tested). */
export const SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

export const PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";

/** The keys `supabase status -o env` prints, by the names it prints them under. */
export const STACK_KEYS = { JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY, PUBLISHABLE_KEY, SECRET_KEY } as const;

export type SigningKeys = { kid: string; privateJwk: JWK; publicJwk: JWK };

const KEY_FILE = "signing-key.json";

/** The public half of an EC private JWK, tagged for verification. */
function publicFromPrivate(kid: string, privateJwk: JWK): JWK {
  const { kty, crv, x, y } = privateJwk;
  return { kty, crv, x, y, kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
}

function isStoredKey(value: unknown): value is { kid: string; privateJwk: JWK } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { kid?: unknown; privateJwk?: { kty?: unknown; d?: unknown } };
  return typeof v.kid === "string" && v.privateJwk?.kty === "EC" && typeof v.privateJwk.d === "string";
}

/** ES256 key pair, generated on first use and persisted to `<dataDir>/signing-key.json`, reused afterwards. */
export async function loadSigningKeys(dataDir: string): Promise<SigningKeys> {
  const file = join(dataDir, KEY_FILE);
  try {
    const stored: unknown = JSON.parse(await readFile(file, "utf8"));
    if (isStoredKey(stored)) {
      const privateJwk: JWK = { ...stored.privateJwk, kid: stored.kid, alg: "ES256", use: "sig", key_ops: ["sign"] };
      return { kid: stored.kid, privateJwk, publicJwk: publicFromPrivate(stored.kid, privateJwk) };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = randomUUID();
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig", key_ops: ["sign"] };
  await mkdir(dataDir, { recursive: true });
  try {
    // `wx`: if another process created the file meanwhile, use its key instead of overwriting it.
    await writeFile(file, JSON.stringify({ kid, privateJwk }, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return loadSigningKeys(dataDir);
    throw err;
  }
  return { kid, privateJwk, publicJwk: publicFromPrivate(kid, privateJwk) };
}

/**
 * JWKS for PostgREST's `jwt-secret`: the ES256 public key (user tokens) plus the legacy HS256 secret as an `oct` key
 * (ANON_KEY, SERVICE_ROLE_KEY), so PostgREST accepts both kinds, as Supabase's does.
 */
export function postgrestJwks(keys: SigningKeys): { keys: object[] } {
  return {
    keys: [
      { ...keys.publicJwk },
      { kty: "oct", k: Buffer.from(JWT_SECRET, "utf8").toString("base64url"), alg: "HS256" },
    ],
  };
}
