import { createClient } from "@supabase/supabase-js";
import { inject } from "vitest";

export type TestUser = { id: string; email: string; accessToken: string };

const PASSWORD = "test-password-123";

function client(key: string) {
  return createClient(inject("stack").apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

/** A seeded account (supabase/seed.sql), signed in with its password. */
export async function signIn(email: string, password = "password123"): Promise<TestUser> {
  const { data, error } = await client(inject("stack").env.PUBLISHABLE_KEY!).auth.signInWithPassword({
    email,
    password,
  });
  if (error || !data.session) throw new Error(`sign in ${email}: ${error?.message ?? "no session"}`);
  return { id: data.user.id, email, accessToken: data.session.access_token };
}

/**
 * A fresh confirmed user, created through the Auth admin API (secret key), then signed in. Its address starts
 * with the run's tag, so that a run against a running Supabase removes exactly its own users at the end.
 */
export async function createTestUser(label = "user"): Promise<TestUser> {
  const { env, runTag } = inject("stack");
  const email = `${runTag}-${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { error } = await client(env.SECRET_KEY!).auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
  });
  if (error) throw new Error(`create user ${email}: ${error.message}`);
  return signIn(email, PASSWORD);
}
