// The local stack itself (local-supabase): gateway → PostgREST → database with the Supabase base, migrations
// applied by the Supabase CLI, PostgREST error mapping, and concurrent clients on one database.
import { readdir } from "node:fs/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testStack } from "@/tests/integration/support/stack";

const stack = testStack();

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.dbUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const rest = (path: string, init: RequestInit & { key?: string } = {}) => {
  const key = init.key ?? stack.env.PUBLISHABLE_KEY!;
  return fetch(`${stack.apiUrl}/rest/v1${path}`, {
    ...init,
    headers: { apikey: key, ...(init.headers as Record<string, string>) },
  });
};

async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const table = `it_stack_${Math.random().toString(36).slice(2, 8)}`;
afterAll(async () => {
  await sql(`drop table if exists public.${table}`);
});

describe("local stack", () => {
  it("exposes its settings in the supabase status -o env shape and in process.env", () => {
    for (const key of [
      "API_URL",
      "DB_URL",
      "JWT_SECRET",
      "ANON_KEY",
      "SERVICE_ROLE_KEY",
      "PUBLISHABLE_KEY",
      "SECRET_KEY",
    ]) {
      expect(stack.env[key], key).toBeTruthy();
    }
    expect(stack.env.API_URL).toBe(stack.apiUrl);
    expect(stack.env.NEXT_PUBLIC_SUPABASE_URL).toBe(stack.apiUrl);
    expect(process.env.NEXT_PUBLIC_SUPABASE_URL).toBe(stack.apiUrl);
    expect(process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY).toBe(stack.env.PUBLISHABLE_KEY);
  });

  it("the gateway answers /rest/v1/ with the anon key (legacy JWT and publishable key)", async () => {
    const legacy = await rest("/", { key: stack.env.ANON_KEY! });
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as { swagger?: string }).swagger).toBe("2.0");
    const publishable = await rest("/");
    expect(publishable.status).toBe(200);
    await publishable.body?.cancel();
  });

  it("has the Supabase base: roles, auth schema, auth.uid() from request.jwt.claims", async () => {
    const roles = await sql<{ rolname: string }>(
      "select rolname from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by 1",
    );
    expect(roles.map((r) => r.rolname)).toEqual(["anon", "authenticated", "authenticator", "service_role"]);
    const sub = crypto.randomUUID();
    const client = new pg.Client({ connectionString: stack.dbUrl });
    await client.connect();
    try {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub, role: "authenticated" }),
      ]);
      const { rows } = await client.query<{ uid: string; role: string }>(
        "select auth.uid() as uid, auth.role() as role",
      );
      await client.query("rollback");
      expect(rows[0]).toEqual({ uid: sub, role: "authenticated" });
    } finally {
      await client.end();
    }
  });

  it("recorded every migration of supabase/migrations in supabase_migrations.schema_migrations", async () => {
    const files = (await readdir(new URL("../../supabase/migrations/", import.meta.url)))
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const rows = await sql<{ version: string; name: string }>(
      "select version, name from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files);
  });

  it("maps a unique violation to 409 / 23505 (new table served after the DDL-triggered schema reload)", async () => {
    await sql(`create table public.${table} (k text primary key, n int)`);
    // PostgREST 12 runs reads of unknown tables straight against the database; writes need the schema
    // cache, so wait until the cache (the OpenAPI document is built from it) lists the table.
    await eventually(async () => {
      const res = await rest("/", { key: stack.env.SERVICE_ROLE_KEY! });
      const doc = (await res.json()) as { paths?: Record<string, unknown> };
      return doc.paths?.[`/${table}`] ? true : undefined;
    }, "PostgREST to load the new table into its schema cache");

    const insert = () =>
      rest(`/${table}`, {
        key: stack.env.SECRET_KEY!,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ k: "dup", n: 1 }),
      });
    const first = await insert();
    expect(first.status).toBe(201);
    const second = await insert();
    expect(second.status).toBe(409);
    const body = (await second.json()) as { code: string; message: string };
    expect(body.code).toBe("23505");
    expect(body.message).toContain(`${table}_pkey`);
  });

  it("keeps concurrent clients apart (PostgREST requests and parameterized pg queries at once)", async () => {
    const pool = new pg.Pool({ connectionString: stack.dbUrl, max: 6 });
    try {
      const queries = Array.from({ length: 40 }, (_, i) =>
        pool.query<{ n: number; s: string }>("select $1::int as n, $2::text as s", [i, `v${i}`]).then((r) => r.rows[0]),
      );
      const inserts = Array.from({ length: 10 }, (_, i) =>
        rest(`/${table}`, {
          key: stack.env.SECRET_KEY!,
          method: "POST",
          headers: { "content-type": "application/json", prefer: "return=representation" },
          body: JSON.stringify({ k: `c${i}`, n: i }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Array<{ k: string; n: number }> })),
      );
      const [rows, answers] = await Promise.all([Promise.all(queries), Promise.all(inserts)]);
      rows.forEach((row, i) => expect(row).toEqual({ n: i, s: `v${i}` }));
      answers.forEach((a, i) => {
        expect(a.status).toBe(201);
        expect(a.body).toEqual([{ k: `c${i}`, n: i }]);
      });
      const [count] = await sql<{ n: string }>(`select count(*) as n from public.${table} where k like 'c%'`);
      expect(Number(count!.n)).toBe(10);
    } finally {
      await pool.end();
    }
  });
});
