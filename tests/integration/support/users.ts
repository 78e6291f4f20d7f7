import { inject } from "vitest";

export type TestUser = { id: string; email: string; accessToken: string };

const PASSWORD = "password123";

/** Signs in with a password through the stack's Auth API. */
export async function signIn(email: string, password = PASSWORD): Promise<TestUser> {
  const { apiUrl, env } = inject("stack");
  const response = await fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: env.PUBLISHABLE_KEY!, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign in ${email}: ${response.status} ${await response.text()}`);
  const session = (await response.json()) as { access_token: string; user: { id: string } };
  return { id: session.user.id, email, accessToken: session.access_token };
}

/** A fresh confirmed user, created through the Auth admin API (service role), then signed in. */
export async function createTestUser(label = "user"): Promise<TestUser> {
  const { apiUrl, env } = inject("stack");
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const response = await fetch(`${apiUrl}/auth/v1/admin/users`, {
    method: "POST",
    headers: { apikey: env.SECRET_KEY!, authorization: `Bearer ${env.SERVICE_ROLE_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
  });
  if (!response.ok) throw new Error(`admin create user: ${response.status} ${await response.text()}`);
  return signIn(email);
}
