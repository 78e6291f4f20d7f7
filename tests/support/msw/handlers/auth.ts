import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { http, HttpResponse } from "msw";
import { AUTH_URL, SUPABASE_URL } from "@/tests/support/msw/supabase-url";

const KID = "unit-test-key";
const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: "ES256", use: "sig", key_ops: ["verify"] };

/**
 * An access token with the claims Supabase Auth puts in one (sub, role, aal, session_id …), signed ES256 with a
 * kid that the JWKS handler below publishes, so getClaims() verifies it locally.
 */
export async function accessTokenFor(userId: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: `${userId.slice(0, 8)}@example.com`,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: now }],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: "ES256", kid: KID, typ: "JWT" })
    .setIssuer(`${SUPABASE_URL}/auth/v1`)
    .setSubject(userId)
    .setAudience("authenticated")
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
    .sign(privateKey);
}

/** A session as Auth returns it from /token, /signup or /verify. */
export async function sessionFor(userId: string, expiresInSeconds: number) {
  return {
    access_token: await accessTokenFor(userId, { expiresInSeconds }),
    token_type: "bearer",
    expires_in: expiresInSeconds,
    expires_at: Math.floor(Date.now() / 1000) + expiresInSeconds,
    refresh_token: `refresh-${crypto.randomUUID()}`,
    user: { id: userId, aud: "authenticated", role: "authenticated" },
  };
}

export const SESSION_COOKIE = "sb-supabase-auth-token";

/**
 * The @supabase/ssr session cookie for a signed-in user: `base64-` and the session JSON, base64url-encoded. A
 * session that expires within 90 s makes supabase-js refresh it before the request.
 */
export async function sessionCookieFor(userId: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
  const session = await sessionFor(userId, options.expiresInSeconds ?? 3600);
  return `${SESSION_COOKIE}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
}

/** POST /auth/v1/token?grant_type=refresh_token answered with a fresh session for `userId`. */
export function refreshGrant(userId: string) {
  return http.post(`${AUTH_URL}/token`, async ({ request }) => {
    if (new URL(request.url).searchParams.get("grant_type") !== "refresh_token") return undefined;
    return HttpResponse.json(await sessionFor(userId, 3600), { headers: { "X-Supabase-Api-Version": "2024-01-01" } });
  });
}

export const authHandlers = [
  http.get(`${AUTH_URL}/.well-known/jwks.json`, () =>
    HttpResponse.json({ keys: [publicJwk] }, { headers: { "Cache-Control": "public, max-age=600" } }),
  ),
];
