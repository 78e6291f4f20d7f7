import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, decodeProtectedHeader, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY, loadSigningKeys, type SigningKeys } from "../keys.ts";
import { AuthError } from "./errors.ts";
import { createTokenService, newRefreshToken, type TokenService } from "./tokens.ts";
import type { User } from "./user.ts";

const user: User = {
  id: "11111111-1111-4111-8111-111111111111",
  email: "a@example.com",
  phone: "",
  app_metadata: { provider: "email", providers: ["email"] },
  user_metadata: { name: "A" },
  is_anonymous: false,
};
const session = { sessionId: "22222222-2222-4222-8222-222222222222", createdAt: new Date("2026-01-01T00:00:00Z") };

let dir: string;
let keys: SigningKeys;
let tokens: TokenService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tokens-test-"));
  keys = await loadSigningKeys(dir);
  tokens = await createTokenService(keys, "http://127.0.0.1:54321/");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("access tokens", () => {
  it("are ES256 with our kid and carry exactly GoTrue's claims in order", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const { token, claims } = await tokens.issue(user, session, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: keys.kid, typ: "JWT" });
    const payload = decodeJwt(token);
    expect(payload).toEqual(claims);
    expect(Object.keys(payload)).toEqual([
      "iss",
      "sub",
      "aud",
      "exp",
      "iat",
      "email",
      "phone",
      "app_metadata",
      "user_metadata",
      "role",
      "aal",
      "amr",
      "session_id",
      "is_anonymous",
    ]);
    const iat = now / 1000;
    expect(payload).toEqual({
      iss: "http://127.0.0.1:54321/auth/v1",
      sub: user.id,
      aud: "authenticated",
      exp: iat + 3600,
      iat,
      email: "a@example.com",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { name: "A" },
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: session.createdAt.getTime() / 1000 }],
      session_id: session.sessionId,
      is_anonymous: false,
    });
  });

  it("verify accepts our ES256 tokens and legacy HS256 ones", async () => {
    const { token } = await tokens.issue(user, session);
    expect((await tokens.verify(token)).sub).toBe(user.id);
    expect((await tokens.verify(SERVICE_ROLE_KEY)).role).toBe("service_role");
    expect((await tokens.verify(ANON_KEY)).role).toBe("anon");
  });

  it("verify rejects expired, tampered and foreign tokens with 403 bad_jwt", async () => {
    const { token } = await tokens.issue(user, session, Date.now() - 2 * 3600 * 1000);
    const expired = await tokens.verify(token).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(AuthError);
    expect(expired).toMatchObject({ status: 403, code: "bad_jwt" });
    expect((expired as Error).message).toMatch(/^invalid JWT: unable to parse or verify signature, .*expired/);

    const wrongSecret = await new SignJWT({ sub: user.id, role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(JWT_SECRET + "x"));
    await expect(tokens.verify(wrongSecret)).rejects.toMatchObject({ status: 403, code: "bad_jwt" });
    await expect(tokens.verify("not.a.jwt")).rejects.toMatchObject({ status: 403, code: "bad_jwt" });
  });
});

describe("refresh tokens", () => {
  it("are random opaque base64url strings of 12+ chars", () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    expect(newRefreshToken()).not.toBe(a);
  });
});
