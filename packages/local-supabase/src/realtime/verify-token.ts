// Verifies the JWTs Realtime receives (the socket's apikey, a join's or refresh's access_token) as Realtime does:
// a valid signature (the stack's ES256 key, or the legacy HS256 secret), not expired, with `role` and `exp`.
import { errors as joseErrors, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from "jose";
import { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY, type SigningKeys } from "../keys.ts";

export type TokenFailure = { code: "InvalidJWTToken" | "MalformedJWT" | "JwtSignatureError"; message: string };
export type TokenResult = { ok: true; claims: JWTPayload & { role: string } } | ({ ok: false } & TokenFailure);
export type TokenVerifier = (token: string) => Promise<TokenResult>;

/** What an `sb_` key stands for, as the platform maps it in front of Realtime. */
export function tokenForKey(key: string): string {
  if (key === PUBLISHABLE_KEY) return ANON_KEY;
  if (key === SECRET_KEY) return SERVICE_ROLE_KEY;
  return key;
}

export async function createTokenVerifier(keys: SigningKeys): Promise<TokenVerifier> {
  const es256 = (await importJWK(keys.publicJwk, "ES256")) as CryptoKey;
  const hs256 = new TextEncoder().encode(JWT_SECRET);
  return async (raw) => {
    const token = tokenForKey(raw.replace(/\s/g, ""));
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, (header) => (header.alg === "HS256" ? hs256 : es256), {
        algorithms: ["ES256", "HS256"],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        const exp = typeof err.payload.exp === "number" ? err.payload.exp : 0;
        const ago = Math.floor(Date.now() / 1000) - exp;
        return { ok: false, code: "InvalidJWTToken", message: `Token has expired ${ago} seconds ago` };
      }
      if (err instanceof joseErrors.JWSSignatureVerificationFailed)
        return { ok: false, code: "JwtSignatureError", message: "Failed to validate JWT signature" };
      return { ok: false, code: "MalformedJWT", message: "The token provided is not a valid JWT" };
    }
    if (typeof claims.role !== "string" || typeof claims.exp !== "number")
      return { ok: false, code: "InvalidJWTToken", message: "Fields `role` and `exp` are required in JWT" };
    return { ok: true, claims: claims as JWTPayload & { role: string } };
  };
}
