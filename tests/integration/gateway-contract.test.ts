// Contract: the gateway in front of the real PostgREST (PostgREST's error bodies and statuses, roles from the
// keys and tokens) and its own duties: key mapping, CORS, 502 when PostgREST is down, the /_stack/stats
// counters, prompt close().
// Uses a scratch table + functions created here as superuser, dropped afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, getFreePort, loadSigningKeys, startGateway } from "local-supabase";
import { reloadSchema, sql, testStack, type TestStack } from "./support/stack.ts";

let stack: TestStack;
const T = `gw_contract_${crypto.randomUUID().slice(0, 8)}`;
const PASSWORD = "password123";

beforeAll(async () => {
  stack = testStack();
  await sql(
    stack.dbUrl,
    `create table public.${T} (id bigint generated always as identity primary key, k text not null unique, owner uuid default auth.uid());
     alter table public.${T} enable row level security;
     create policy ${T}_select on public.${T} for select using (true);
     create policy ${T}_insert on public.${T} for insert to authenticated with check (owner = auth.uid());
     grant all on public.${T} to anon, authenticated, service_role;
     create function public.${T}_whoami() returns json language sql stable
       as $$ select json_build_object('role', current_user, 'uid', auth.uid()) $$;
     create function public.${T}_conflict() returns void language plpgsql
       as $$ begin raise sqlstate 'PT409' using message = 'already exists'; end $$;
     grant execute on function public.${T}_whoami(), public.${T}_conflict() to anon, authenticated, service_role;`,
  );
  await reloadSchema(stack, [`/${T}?select=id&limit=0`, `/rpc/${T}_whoami`], PUBLISHABLE_KEY);
});

afterAll(async () => {
  if (stack) {
    await sql(
      stack.dbUrl,
      `drop table if exists public.${T}; drop function if exists public.${T}_whoami(); drop function if exists public.${T}_conflict();`,
    );
    await sql(stack.dbUrl, "notify pgrst, 'reload schema'");
  }
});

const client = (key: string, accessToken?: string) =>
  createClient(stack.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...(accessToken ? { accessToken: async () => accessToken } : {}),
  });

async function userToken(): Promise<{ id: string; token: string }> {
  const email = `gw-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const admin = client(SECRET_KEY).auth.admin;
  const created = await admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  const { data, error } = await client(PUBLISHABLE_KEY).auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { id: data.user!.id, token: data.session!.access_token };
}

type Stats = {
  services: Record<"rest" | "auth", { total: number; byMethodStatus: Record<string, number> }>;
  conflicts: Record<string, number>;
  byRequestId: Record<string, { rest?: number; auth?: number }>;
};
const stats = async (apiUrl = stack.apiUrl) => (await (await fetch(`${apiUrl}/_stack/stats`)).json()) as Stats;

describe("key mapping and roles", () => {
  it("publishable key → anon, secret key → service_role, legacy anon JWT → anon, user ES256 token → authenticated", async () => {
    const whoami = async (c: ReturnType<typeof client>) => {
      const { data, error } = await c.rpc(`${T}_whoami`);
      expect(error).toBeNull();
      return data as { role: string; uid: string | null };
    };
    expect(await whoami(client(PUBLISHABLE_KEY))).toEqual({ role: "anon", uid: null });
    expect(await whoami(client(SECRET_KEY))).toEqual({ role: "service_role", uid: null });
    expect(await whoami(client(ANON_KEY))).toEqual({ role: "anon", uid: null });
    const user = await userToken();
    expect(await whoami(client(PUBLISHABLE_KEY, user.token))).toEqual({ role: "authenticated", uid: user.id });
  });

  it("raw: Authorization: Bearer sb_publishable_… is rewritten (PostgREST alone would answer 401 PGRST301)", async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/${T}_whoami`, {
      method: "POST",
      headers: {
        apikey: PUBLISHABLE_KEY,
        authorization: `Bearer ${PUBLISHABLE_KEY}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ role: "anon", uid: null });
  });
});

describe("PostgREST errors through the gateway", () => {
  it("unique violation → 409 23505 with details null under RLS, counted in stats.conflicts", async () => {
    const user = await userToken();
    const c = client(PUBLISHABLE_KEY, user.token);
    const k = `dup-${crypto.randomUUID()}`;
    const first = await c.from(T).insert({ k, owner: user.id }).select().single();
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ k, owner: user.id });
    const before = (await stats()).conflicts["23505"] ?? 0;
    const second = await c.from(T).insert({ k, owner: user.id });
    expect(second.status).toBe(409);
    expect(second.statusText).toBe("Conflict");
    expect(second.error).toMatchObject({ code: "23505", details: null, hint: null });
    expect(second.error!.message).toContain("duplicate key value violates unique constraint");
    expect((await stats()).conflicts["23505"]).toBe(before + 1);
  });

  it("single() on 0 rows → 406 PGRST116; maybeSingle() on 2 rows → synthesized 406", async () => {
    const none = await client(PUBLISHABLE_KEY).from(T).select("*").eq("k", `missing-${crypto.randomUUID()}`).single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({ code: "PGRST116", details: "The result contains 0 rows" });

    const user = await userToken();
    const c = client(PUBLISHABLE_KEY, user.token);
    const prefix = `pair-${crypto.randomUUID()}`;
    expect(
      (
        await c.from(T).insert([
          { k: `${prefix}-a`, owner: user.id },
          { k: `${prefix}-b`, owner: user.id },
        ])
      ).status,
    ).toBe(201);
    const two = await c.from(T).select("*").like("k", `${prefix}%`).maybeSingle();
    expect(two.status).toBe(406);
    expect(two.error).toMatchObject({ code: "PGRST116" });
  });

  it("RLS WITH CHECK: anon → 401 + WWW-Authenticate: Bearer, authenticated → 403, both 42501", async () => {
    const anon = await fetch(`${stack.apiUrl}/rest/v1/${T}`, {
      method: "POST",
      headers: { apikey: PUBLISHABLE_KEY, "content-type": "application/json" },
      body: JSON.stringify({ k: `anon-${crypto.randomUUID()}` }),
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toBe("Bearer");
    expect(await anon.json()).toMatchObject({ code: "42501" });

    const user = await userToken();
    const other = await client(PUBLISHABLE_KEY, user.token)
      .from(T)
      .insert({ k: `other-${crypto.randomUUID()}`, owner: crypto.randomUUID() });
    expect(other.status).toBe(403);
    expect(other.error).toMatchObject({
      code: "42501",
      message: `new row violates row-level security policy for table "${T}"`,
    });
  });

  it("keeps the status text: RAISE PT409 'already exists' → 409 already exists", async () => {
    const res = await client(SECRET_KEY).rpc(`${T}_conflict`);
    expect(res.status).toBe(409);
    expect(res.statusText).toBe("already exists");
    expect(res.error).toMatchObject({ code: "PT409", message: "already exists" });
  });
});

describe("gateway duties", () => {
  it("answers CORS preflight and adds Access-Control-Allow-Origin", async () => {
    const pre = await fetch(`${stack.apiUrl}/rest/v1/${T}`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers":
          "authorization, apikey, x-client-info, content-type, prefer, x-supabase-api-version",
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("x-client-info");
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    const get = await fetch(`${stack.apiUrl}/auth/v1/health`, { headers: { origin: "http://localhost:3000" } });
    expect(get.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("counts requests per x-request-id and service", async () => {
    const id = crypto.randomUUID();
    const c = createClient(stack.apiUrl, PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { headers: { "x-request-id": id } },
    });
    await c.from(T).select("id").limit(1);
    await c.from(T).select("id").limit(1);
    await c.auth.signInWithPassword({ email: "nobody@example.com", password: "x" });
    expect((await stats()).byRequestId[id]).toEqual({ rest: 2, auth: 1 });
  });

  it("unknown paths → 404", async () => {
    expect((await fetch(`${stack.apiUrl}/storage/v1/bucket`)).status).toBe(404);
  });

  describe("a private gateway whose PostgREST is down", () => {
    let gw: { url: string; close(): Promise<void> };
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "gw-contract-"));
      const port = await getFreePort();
      const deadPort = await getFreePort();
      gw = await startGateway({
        host: "127.0.0.1",
        port,
        postgrestUrl: `http://127.0.0.1:${deadPort}`,
        databaseUrl: stack.dbUrl,
        signingKeys: await loadSigningKeys(dir),
        apiUrl: `http://127.0.0.1:${port}`,
      });
    });
    afterAll(async () => {
      await gw?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("answers 502 with Kong's message and keeps serving", async () => {
      const res = await fetch(`${gw.url}/rest/v1/${T}`, { headers: { apikey: PUBLISHABLE_KEY } });
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ message: "An invalid response was received from the upstream server" });
      const post = await client(PUBLISHABLE_KEY).from(T).insert({ k: "x" });
      expect(post.status).not.toBe(0);
      expect((await fetch(`${gw.url}/auth/v1/health`)).status).toBe(200);
      const s = await stats(gw.url);
      expect(s.services.rest.byMethodStatus["GET 502"]).toBe(1);
      expect(s.services.auth.byMethodStatus["GET 200"]).toBe(1);
    });

    it("DELETE /_stack/stats resets the counters", async () => {
      await fetch(`${gw.url}/rest/v1/${T}`, { headers: { "x-request-id": "r1" } });
      expect((await stats(gw.url)).byRequestId.r1).toEqual({ rest: 1 });
      expect((await fetch(`${gw.url}/_stack/stats`, { method: "DELETE" })).status).toBe(200);
      const s = await stats(gw.url);
      expect(s.services.rest.total).toBe(0);
      expect(s.byRequestId).toEqual({});
    });

    it("close() returns promptly with keep-alive sockets open", async () => {
      const agent = new Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) => {
        request(`${gw.url}/auth/v1/health`, { agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
          .on("error", reject)
          .end();
      });
      const started = Date.now();
      await gw.close();
      expect(Date.now() - started).toBeLessThan(1000);
      agent.destroy();
      gw = { url: gw.url, close: async () => {} };
    });
  });
});
