// Users and sessions for tests and benchmarks, made through the stack's real Auth API (admin create + password
// sign-in), and the @supabase/ssr cookie that carries such a session.
import { PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from "./keys.ts";
import { expectOk } from "./http-json.ts";

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

export async function passwordSession(apiUrl: string, email: string, password: string): Promise<Session> {
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
  const session = await passwordSession(apiUrl, email, PASSWORD);
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
