import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { http, HttpResponse } from "msw";
import { AUTH_URL, SUPABASE_URL } from "@/tests/support/msw/supabase-url";

const KID = "unit-test-key";
const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: "ES256", use: "sig", key_ops: ["verify"] };

/** An access token shaped like the ones Supabase Auth issues (contract §4.6), signed ES256 with a kid. */
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

/** The @supabase/ssr session cookie (contract §6) for a signed-in user. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const accessToken = await accessTokenFor(userId);
  const session = {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    refresh_token: "unit-test-refresh-token",
    user: { id: userId, aud: "authenticated", role: "authenticated" },
  };
  const value = `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
  return `sb-supabase-auth-token=${value}`;
}

export const authHandlers = [
  http.get(`${AUTH_URL}/.well-known/jwks.json`, () =>
    HttpResponse.json({ keys: [publicJwk] }, { headers: { "Cache-Control": "public, max-age=600" } }),
  ),
];
