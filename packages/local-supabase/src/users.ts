// Users, agencies and sessions for tests and benchmarks, made through the local stack's real APIs
// (Auth admin + password sign-in) and, for agencies, as the database superuser.
import { withClient } from "./database.ts";
import { PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from "./keys.ts";
import type { GatewayStats } from "./gateway.ts";

export type Session = {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  expires_at?: number;
  user: { id: string; email?: string } & Record<string, unknown>;
} & Record<string, unknown>;

export type User = { id: string; email: string; password: string; accessToken: string; session: Session };

const PASSWORD = "bench-password-123";

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

export async function signIn(apiUrl: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: PUBLISHABLE_KEY, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return (await expectOk(res, `sign in ${email}`)) as Session;
}

/** A confirmed user created with the Auth admin API, then signed in with its password. */
export async function createUser(apiUrl: string, label: string): Promise<User> {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await fetch(`${apiUrl}/auth/v1/admin/users`, {
    method: "POST",
    headers: { apikey: SECRET_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
  });
  await expectOk(res, `create user ${email}`);
  const session = await signIn(apiUrl, email, PASSWORD);
  return { id: session.user.id, email, password: PASSWORD, accessToken: session.access_token, session };
}

/** `n` users, `parallel` at a time. */
export async function createUsers(apiUrl: string, label: string, n: number, parallel = 8): Promise<User[]> {
  const users: User[] = new Array<User>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      for (let i = next++; i < n; i = next++) users[i] = await createUser(apiUrl, `${label}${i}`);
    }),
  );
  return users;
}

/** Inserts `n` agencies as the superuser; returns their ids in insertion order. */
export async function createAgencies(dbUrl: string, n: number, label = "agency"): Promise<string[]> {
  const tag = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
  return withClient(dbUrl, async (c) => {
    const r = await c.query<{ id: string }>(
      `insert into public.agencies (name, slug, description)
       select 'Agency ' || g, $1 || '-' || g, 'Benchmark agency ' || g from generate_series(1, $2::int) g
       order by g returning id`,
      [tag, n],
    );
    return r.rows.map((row) => row.id);
  });
}

/** The @supabase/ssr session cookie for a stack at `apiUrl` (`sb-<first host label>-auth-token=base64-<base64url JSON>`). */
export function sessionCookie(apiUrl: string, session: Session): string {
  const ref = new URL(apiUrl).hostname.split(".")[0];
  const value = "base64-" + Buffer.from(JSON.stringify(session), "utf8").toString("base64url");
  if (encodeURIComponent(value).length > 3180) {
    const parts: string[] = [];
    for (let i = 0; i * 3180 < value.length; i++)
      parts.push(`sb-${ref}-auth-token.${i}=${value.slice(i * 3180, (i + 1) * 3180)}`);
    return parts.join("; ");
  }
  return `sb-${ref}-auth-token=${value}`;
}

export async function gatewayStats(apiUrl: string): Promise<GatewayStats> {
  return (await expectOk(await fetch(`${apiUrl}/_stack/stats`), "gateway stats")) as GatewayStats;
}

export async function resetGatewayStats(apiUrl: string): Promise<void> {
  await expectOk(await fetch(`${apiUrl}/_stack/stats`, { method: "DELETE" }), "reset gateway stats");
}
