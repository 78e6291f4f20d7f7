// Access tokens (ES256, claims as GoTrue's GenerateAccessToken), their verification, and opaque refresh tokens.
import { randomBytes } from "node:crypto";
import { SignJWT, importJWK, jwtVerify, errors as joseErrors, type JWTPayload, type CryptoKey } from "jose";
import { JWT_SECRET, type SigningKeys } from "../keys.ts";
import { forbidden } from "./errors.ts";
import type { User } from "./user.ts";

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export type AccessTokenClaims = {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: string;
  amr: { method: string; timestamp: number }[];
  session_id: string;
  is_anonymous: boolean;
};

export type TokenService = {
  issuer: string;
  /** Access-token lifetime ([auth] jwt_expiry). */
  ttlSeconds: number;
  /** Signs an access token for `user` in `session` (amr timestamp = session start). */
  issue(
    user: User,
    session: { sessionId: string; createdAt: Date },
    now?: number,
  ): Promise<{ token: string; claims: AccessTokenClaims }>;
  /** Verifies an ES256 (our key) or HS256 (legacy JWT_SECRET) token; throws 403 bad_jwt. */
  verify(token: string): Promise<JWTPayload>;
};

const hmacKey = new TextEncoder().encode(JWT_SECRET);

/** Claims in GoTrue's order: iss, sub, aud, exp, iat, email, phone, app_metadata, user_metadata, role, aal, amr, session_id, is_anonymous. */
export function accessTokenClaims(
  issuer: string,
  user: User,
  session: { sessionId: string; createdAt: Date },
  now: number,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): AccessTokenClaims {
  const iat = Math.floor(now / 1000);
  return {
    iss: issuer,
    sub: user.id,
    aud: "authenticated",
    exp: iat + ttlSeconds,
    iat,
    email: user.email,
    phone: user.phone,
    app_metadata: (user.app_metadata as Record<string, unknown>) ?? {},
    user_metadata: (user.user_metadata as Record<string, unknown>) ?? {},
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: Math.floor(session.createdAt.getTime() / 1000) }],
    session_id: session.sessionId,
    is_anonymous: user.is_anonymous === true,
  };
}

export async function createTokenService(
  keys: SigningKeys,
  apiUrl: string,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): Promise<TokenService> {
  const issuer = `${apiUrl.replace(/\/+$/, "")}/auth/v1`;
  const privateKey = (await importJWK(keys.privateJwk, "ES256")) as CryptoKey;
  const publicKey = (await importJWK(keys.publicJwk, "ES256")) as CryptoKey;

  return {
    issuer,
    ttlSeconds,
    async issue(user, session, now = Date.now()) {
      const claims = accessTokenClaims(issuer, user, session, now, ttlSeconds);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: "JWT" })
        .sign(privateKey);
      return { token, claims };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            if (header.alg === "HS256") return hmacKey;
            if (header.kid !== undefined && header.kid !== keys.kid) throw new Error(`unknown kid ${header.kid}`);
            return publicKey;
          },
          { algorithms: ["ES256", "HS256"] },
        );
        return payload;
      } catch (err) {
        const reason =
          err instanceof joseErrors.JWTExpired ? "token has invalid claims: token is expired" : (err as Error).message;
        throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
      }
    },
  };
}

/** Opaque refresh token: 12 random bytes → 16 base64url chars (GoTrue uses 12-char strings). */
export function newRefreshToken(): string {
  return randomBytes(12).toString("base64url");
}
