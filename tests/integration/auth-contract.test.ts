// Contract: supabase-js 2.119 / @supabase/ssr 0.12 against the stack's auth server through the gateway
// (password sign-in, the session cookie, getUser/signOut, refresh, getClaims with the ES256 JWKS, signup, admin,
// key mapping), on the stack of tests/integration/global-setup.ts.
import { createServerClient } from "@supabase/ssr";
import { createClient, type Session } from "@supabase/supabase-js";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY } from "local-supabase";
import { sql, testStack, type TestStack } from "./support/stack.ts";

type CookieWrite = { name: string; value: string; options: Record<string, unknown> };

let stack: TestStack;
const PASSWORD = "password123";

beforeAll(() => {
  stack = testStack();
});

/** A request's cookies as @supabase/ssr sees them, recording every setAll call. */
function cookieJar(initial: Record<string, string> = {}) {
  const jar = new Map(Object.entries(initial));
  const writes: CookieWrite[][] = [];
  const headers: Record<string, string>[] = [];
  return {
    jar,
    writes,
    headers,
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies: CookieWrite[], hdrs: Record<string, string>) => {
        writes.push(cookies);
        headers.push(hdrs);
        for (const c of cookies) {
          if (c.value === "") jar.delete(c.name);
          else jar.set(c.name, c.value);
        }
      },
    },
  };
}

function serverClient(jar: ReturnType<typeof cookieJar>, key = PUBLISHABLE_KEY) {
  return createServerClient(stack.apiUrl, key, { cookies: jar.cookies });
}

const plainClient = (key = PUBLISHABLE_KEY) =>
  createClient(stack.apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });

const cookieName = () => `sb-${new URL(stack.apiUrl).hostname.split(".")[0]}-auth-token`;

function decodeCookie(value: string): Session {
  expect(value.startsWith("base64-")).toBe(true);
  return JSON.parse(Buffer.from(value.slice("base64-".length), "base64url").toString("utf8")) as Session;
}

const encodeCookie = (session: unknown) =>
  "base64-" + Buffer.from(JSON.stringify(session), "utf8").toString("base64url");

async function adminCreate(body: Record<string, unknown>) {
  const res = await fetch(`${stack.apiUrl}/auth/v1/admin/users`, {
    method: "POST",
    headers: { apikey: SECRET_KEY, authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; email: string };
}

async function newUser(extra: Record<string, unknown> = {}) {
  const email = `contract-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const user = await adminCreate({ email, password: PASSWORD, email_confirm: true, ...extra });
  return { ...user, email };
}

async function signedInJar() {
  const user = await newUser();
  const jar = cookieJar();
  const { data, error } = await serverClient(jar).auth.signInWithPassword({ email: user.email, password: PASSWORD });
  expect(error).toBeNull();
  return { user, jar, session: data.session! };
}

type Stats = { services: { auth: { byRoute: Record<string, number> } } };
async function authRoutes(): Promise<Record<string, number>> {
  const stats = (await (await fetch(`${stack.apiUrl}/_stack/stats`)).json()) as Stats;
  return stats.services.auth.byRoute;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.apiUrl}/auth/v1${path}`, {
    method: "POST",
    headers: { apikey: PUBLISHABLE_KEY, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("password sign-in", () => {
  it("returns the session, and createServerClient writes sb-127-auth-token as base64- JSON", async () => {
    const user = await newUser();
    const jar = cookieJar();
    const { data, error } = await serverClient(jar).auth.signInWithPassword({ email: user.email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(data.user?.id).toBe(user.id);

    if (new URL(stack.apiUrl).hostname === "127.0.0.1") expect(cookieName()).toBe("sb-127-auth-token");
    expect(jar.writes).toHaveLength(1);
    const [cookie] = jar.writes[0]!;
    expect(cookie!.name).toBe(cookieName());
    expect(cookie!.options).toMatchObject({ path: "/", sameSite: "lax", httpOnly: false, maxAge: 34560000 });
    expect(jar.headers[0]).toMatchObject({
      "Cache-Control": "private, no-cache, no-store, must-revalidate, max-age=0",
    });
    const stored = decodeCookie(cookie!.value);
    expect(stored).toMatchObject({
      access_token: data.session!.access_token,
      refresh_token: data.session!.refresh_token,
      token_type: "bearer",
      expires_in: 3600,
    });
    expect(stored.expires_at).toBe(decodeJwt(stored.access_token).exp);
    expect(stored.user).toMatchObject({
      id: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      is_anonymous: false,
    });
    expect(stored.user.identities?.[0]).toMatchObject({ provider: "email", id: user.id, user_id: user.id });
    expect(stored.user.last_sign_in_at).toBeTruthy();
  });

  it("wire: 200 AccessTokenResponse and one session + refresh token row", async () => {
    const user = await newUser();
    const res = await post("/token?grant_type=password", {
      email: user.email,
      password: PASSWORD,
      gotrue_meta_security: {},
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "access_token",
      "token_type",
      "expires_in",
      "expires_at",
      "refresh_token",
      "user",
    ]);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    const claims = decodeJwt(body.access_token as string);
    const rows = await sql(
      stack.dbUrl,
      "select revoked, parent from auth.refresh_tokens where token = $1 and session_id = $2",
      [body.refresh_token, claims.session_id],
    );
    expect(rows).toEqual([{ revoked: false, parent: null }]);
  });

  it("wrong password: AuthApiError 400 invalid_credentials, nothing stored", async () => {
    const user = await newUser();
    const jar = cookieJar();
    const { data, error } = await serverClient(jar).auth.signInWithPassword({
      email: user.email,
      password: "wrong-password",
    });
    expect(data).toEqual({ user: null, session: null });
    expect(error).toMatchObject({
      name: "AuthApiError",
      status: 400,
      code: "invalid_credentials",
      message: "Invalid login credentials",
    });
    expect(jar.writes).toEqual([]);
  });

  it("error wire shapes: 2024-01-01 {code,message} + headers; legacy {code,error_code,msg}", async () => {
    const modern = await post(
      "/token?grant_type=password",
      { email: "nobody@example.com", password: "x" },
      { "X-Supabase-Api-Version": "2024-01-01" },
    );
    expect(modern.status).toBe(400);
    expect(modern.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(modern.headers.get("x-sb-error-code")).toBe("invalid_credentials");
    expect(await modern.json()).toEqual({ code: "invalid_credentials", message: "Invalid login credentials" });

    const legacy = await post("/token?grant_type=password", { email: "nobody@example.com", password: "x" });
    expect(legacy.status).toBe(400);
    expect(legacy.headers.get("x-supabase-api-version")).toBeNull();
    expect(await legacy.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });
  });

  it("unconfirmed email, banned user, missing email, user without password", async () => {
    const email = `unconfirmed-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await adminCreate({ email, password: PASSWORD });
    const unconfirmed = await plainClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(unconfirmed.error).toMatchObject({
      status: 400,
      code: "email_not_confirmed",
      message: "Email not confirmed",
    });

    const banned = await newUser();
    const ban = await fetch(`${stack.apiUrl}/auth/v1/admin/users/${banned.id}`, {
      method: "PUT",
      headers: { apikey: SECRET_KEY, "content-type": "application/json" },
      body: JSON.stringify({ ban_duration: "24h" }),
    });
    expect(ban.status).toBe(200);
    const bannedRes = await plainClient().auth.signInWithPassword({ email: banned.email, password: PASSWORD });
    expect(bannedRes.error).toMatchObject({ status: 400, code: "user_banned" });

    const missing = await post(
      "/token?grant_type=password",
      { password: PASSWORD },
      { "X-Supabase-Api-Version": "2024-01-01" },
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe("validation_failed");

    const noPassword = `nopw-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await adminCreate({ email: noPassword, email_confirm: true });
    const np = await plainClient().auth.signInWithPassword({ email: noPassword, password: "" });
    expect(np.error).toMatchObject({ status: 400, code: "invalid_credentials" });
  });
});

describe("getUser / signOut", () => {
  it("getUser returns the user from GET /user", async () => {
    const { user, jar } = await signedInJar();
    const { data, error } = await serverClient(cookieJar(Object.fromEntries(jar.jar))).auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      id: user.id,
      email: user.email,
      aud: "authenticated",
      role: "authenticated",
      is_anonymous: false,
    });
    expect(data.user!.identities).toHaveLength(1);
  });

  it("after signOut the old cookie yields AuthSessionMissingError and the cookie is cleared", async () => {
    const { jar } = await signedInJar();
    const cookiesBefore = Object.fromEntries(jar.jar);
    const signOut = await serverClient(jar).auth.signOut();
    expect(signOut.error).toBeNull();
    expect(jar.writes.at(-1)).toEqual([
      expect.objectContaining({ name: cookieName(), value: "", options: expect.objectContaining({ maxAge: 0 }) }),
    ]);

    const stale = cookieJar(cookiesBefore);
    const { data, error } = await serverClient(stale).auth.getUser();
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ name: "AuthSessionMissingError", status: 400 });
    expect(stale.jar.size).toBe(0);
    expect(stale.writes.at(-1)).toEqual([expect.objectContaining({ name: cookieName(), value: "" })]);
  });

  it("wire errors of GET /user: 401 no_authorization, 403 bad_jwt, 403 session_not_found, 403 user_not_found", async () => {
    const get = (authorization?: string) =>
      fetch(`${stack.apiUrl}/auth/v1/user`, {
        headers: {
          apikey: PUBLISHABLE_KEY,
          "X-Supabase-Api-Version": "2024-01-01",
          ...(authorization ? { authorization } : {}),
        },
      });
    const code = async (res: Response) => ((await res.json()) as { code: string }).code;

    const none = await fetch(`${stack.apiUrl}/auth/v1/user`);
    expect(none.status).toBe(401);

    const bad = await get("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad");
    expect([bad.status, await code(bad)]).toEqual([403, "bad_jwt"]);

    const { session, user } = await signedInJar();
    await post("/logout?scope=local", null, { authorization: `Bearer ${session.access_token}` });
    const loggedOut = await get(`Bearer ${session.access_token}`);
    expect([loggedOut.status, await code(loggedOut)]).toEqual([403, "session_not_found"]);

    const other = await signedInJar();
    await sql(stack.dbUrl, "delete from auth.users where id = $1", [other.user.id]);
    const gone = await get(`Bearer ${other.session.access_token}`);
    expect([gone.status, await code(gone)]).toEqual([403, "user_not_found"]);
    expect(user.id).not.toBe(other.user.id);
  });

  it("logout scopes: local deletes this session, others keeps it, global deletes all", async () => {
    const user = await newUser();
    const newSession = async () =>
      (await plainClient().auth.signInWithPassword({ email: user.email, password: PASSWORD })).data.session!;
    const [a, b, c] = [await newSession(), await newSession(), await newSession()];
    const sessions = async () =>
      (await sql<{ id: string }>(stack.dbUrl, "select id from auth.sessions where user_id = $1", [user.id]))
        .map((r) => r.id)
        .sort();
    const sid = (s: Session) => decodeJwt(s.access_token).session_id as string;

    const others = await post("/logout?scope=others", null, { authorization: `Bearer ${a.access_token}` });
    expect(others.status).toBe(204);
    expect(await others.text()).toBe("");
    expect(await sessions()).toEqual([sid(a)]);
    expect(b && c).toBeTruthy();

    const d = await newSession();
    expect((await post("/logout?scope=local", null, { authorization: `Bearer ${d.access_token}` })).status).toBe(204);
    expect(await sessions()).toEqual([sid(a)]);

    const e = await newSession();
    expect((await post("/logout", null, { authorization: `Bearer ${e.access_token}` })).status).toBe(204);
    expect(await sessions()).toEqual([]);
  });
});

describe("refresh", () => {
  const refresh = (token: string) =>
    post("/token?grant_type=refresh_token", { refresh_token: token }, { "X-Supabase-Api-Version": "2024-01-01" });

  it("createServerClient refreshes a session within 90 s of expiry and setAll gets the new cookie", async () => {
    const { session, user } = await signedInJar();
    const nearExpiry = { ...session, expires_at: Math.floor(Date.now() / 1000) + 30 };
    const jar = cookieJar({ [cookieName()]: encodeCookie(nearExpiry) });
    const { data, error } = await serverClient(jar).auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);

    const written = jar.writes.flat().find((c) => c.name === cookieName());
    expect(written).toBeDefined();
    const refreshed = decodeCookie(written!.value);
    expect(refreshed.refresh_token).not.toBe(session.refresh_token);
    expect(refreshed.expires_at).toBeGreaterThan(nearExpiry.expires_at!);
    expect(decodeJwt(refreshed.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);

    const rows = await sql<{ token: string; revoked: boolean; parent: string | null }>(
      stack.dbUrl,
      "select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id",
      [[session.refresh_token, refreshed.refresh_token]],
    );
    expect(rows).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: refreshed.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
  });

  it("the active token's parent, presented again at any time, gets the active token back (GoTrue)", async () => {
    const { session } = await signedInJar();
    const first = await refresh(session.refresh_token);
    expect(first.status).toBe(200);
    const rotated = ((await first.json()) as { refresh_token: string }).refresh_token;

    const again = await refresh(session.refresh_token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { refresh_token: string }).refresh_token).toBe(rotated);

    // Long after the reuse interval: the client lost the answer of its last refresh, not a replay.
    await sql(stack.dbUrl, "update auth.refresh_tokens set updated_at = now() - interval '1 hour' where token = $1", [
      session.refresh_token,
    ]);
    const late = await refresh(session.refresh_token);
    expect(late.status).toBe(200);
    expect(((await late.json()) as { refresh_token: string }).refresh_token).toBe(rotated);
    const rows = await sql<{ revoked: boolean }>(
      stack.dbUrl,
      "select revoked from auth.refresh_tokens where token = $1",
      [rotated],
    );
    expect(rows).toEqual([{ revoked: false }]);
  });

  it("an older token: within 10 s a new child; later refresh_token_already_used and the family revoked", async () => {
    const { session } = await signedInJar();
    const first = ((await (await refresh(session.refresh_token)).json()) as { refresh_token: string }).refresh_token;
    const second = ((await (await refresh(first)).json()) as { refresh_token: string }).refresh_token;

    // session.refresh_token is the grandparent of the active token: within the interval it gets a new child.
    const within = await refresh(session.refresh_token);
    expect(within.status).toBe(200);
    const child = ((await within.json()) as { refresh_token: string }).refresh_token;
    expect([first, second, session.refresh_token]).not.toContain(child);

    await sql(stack.dbUrl, "update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", [
      first,
    ]);
    const late = await refresh(first);
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({
      code: "refresh_token_already_used",
      message: "Invalid Refresh Token: Already Used",
    });
    const active = await sql<{ n: string }>(
      stack.dbUrl,
      "select count(*) as n from auth.refresh_tokens t join auth.refresh_tokens s on s.session_id = t.session_id where t.token = $1 and s.revoked = false",
      [first],
    );
    expect(active).toEqual([{ n: "0" }]);
  });

  it("an unknown refresh token → refresh_token_not_found", async () => {
    const unknown = await plainClient().auth.refreshSession({ refresh_token: "not-a-real-token" });
    expect(unknown.error).toMatchObject({
      status: 400,
      code: "refresh_token_not_found",
      message: "Invalid Refresh Token: Refresh Token Not Found",
    });
  });
});

describe("getClaims", () => {
  it("ES256 user tokens are verified locally via JWKS: no GET /user", async () => {
    const { jar, user } = await signedInJar();
    const before = await authRoutes();
    const client = serverClient(cookieJar(Object.fromEntries(jar.jar)));
    const first = await client.auth.getClaims();
    expect(first.error).toBeNull();
    expect(first.data?.header).toMatchObject({ alg: "ES256", typ: "JWT" });
    expect(first.data?.claims).toMatchObject({
      sub: user.id,
      role: "authenticated",
      aud: "authenticated",
      aal: "aal1",
      is_anonymous: false,
    });
    const second = await client.auth.getClaims();
    expect(second.error).toBeNull();
    const after = await authRoutes();
    expect((after["GET /user"] ?? 0) - (before["GET /user"] ?? 0)).toBe(0);
    expect(
      (after["GET /.well-known/jwks.json"] ?? 0) - (before["GET /.well-known/jwks.json"] ?? 0),
    ).toBeLessThanOrEqual(1);
  });

  it("HS256 tokens fall back to exactly one GET /user; no session → {data:null, error:null}", async () => {
    const { session } = await signedInJar();
    const claims = decodeJwt(session.access_token);
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(JWT_SECRET));
    expect(decodeProtectedHeader(hs256).alg).toBe("HS256");
    const before = await authRoutes();
    const result = await plainClient().auth.getClaims(hs256);
    expect(result.error).toBeNull();
    expect(result.data?.claims.sub).toBe(claims.sub);
    const after = await authRoutes();
    expect((after["GET /user"] ?? 0) - (before["GET /user"] ?? 0)).toBe(1);

    expect(await serverClient(cookieJar()).auth.getClaims()).toEqual({ data: null, error: null });
  });

  it("GET /.well-known/jwks.json lists only the ES256 public key, cacheable", async () => {
    const res = await fetch(`${stack.apiUrl}/auth/v1/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=600");
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", key_ops: ["verify"] });
    expect(keys[0]).not.toHaveProperty("d");
    expect(typeof keys[0]!.kid).toBe("string");
  });
});

describe("signup, admin, key mapping, misc", () => {
  it("signUp creates a confirmed user with a session; duplicates, weak passwords and bad emails fail", async () => {
    const email = `signup-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { data, error } = await plainClient().auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { name: "New" } },
    });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user).toMatchObject({ email, user_metadata: expect.objectContaining({ name: "New" }) });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities?.[0]?.identity_data).toMatchObject({ sub: data.user!.id, email });

    const dup = await plainClient().auth.signUp({ email, password: PASSWORD });
    expect(dup.error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
    const weak = await plainClient().auth.signUp({ email: `weak-${email}`, password: "12345" });
    expect(weak.error).toMatchObject({
      name: "AuthWeakPasswordError",
      status: 422,
      code: "weak_password",
      reasons: ["length"],
    });
    const bad = await plainClient().auth.signUp({ email: "not-an-email", password: PASSWORD });
    expect(bad.error).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("admin API: secret key maps to service_role; publishable key → 403 not_admin", async () => {
    const admin = plainClient(SECRET_KEY).auth.admin;
    const email = `admin-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const created = await admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { a: 1 },
      app_metadata: { plan: "x" },
    });
    expect(created.error).toBeNull();
    expect(created.data.user).toMatchObject({
      email,
      app_metadata: { provider: "email", providers: ["email"], plan: "x" },
    });
    const list = await admin.listUsers({ page: 1, perPage: 1000 });
    expect(list.error).toBeNull();
    expect(list.data.users.some((u) => u.id === created.data.user!.id)).toBe(true);
    const dup = await admin.createUser({ email, password: PASSWORD });
    expect(dup.error).toMatchObject({ status: 422, code: "email_exists" });
    const deleted = await admin.deleteUser(created.data.user!.id);
    expect(deleted.error).toBeNull();
    expect(await sql(stack.dbUrl, "select 1 from auth.users where id = $1", [created.data.user!.id])).toEqual([]);

    const notAdmin = await plainClient(PUBLISHABLE_KEY).auth.admin.listUsers();
    expect(notAdmin.error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
  });

  it("health, settings, unknown routes", async () => {
    const health = await fetch(`${stack.apiUrl}/auth/v1/health`);
    expect(await health.json()).toMatchObject({ name: "GoTrue" });
    const settings = (await (await fetch(`${stack.apiUrl}/auth/v1/settings`)).json()) as {
      external: Record<string, boolean>;
    };
    expect(settings.external.email).toBe(true);
    const missing = await fetch(`${stack.apiUrl}/auth/v1/nope`, {
      headers: { "X-Supabase-Api-Version": "2024-01-01" },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: "not_found", message: "Not Found" });
  });
});
