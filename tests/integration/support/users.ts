import { createClient } from "@supabase/supabase-js";
import { testStack } from "@/tests/integration/support/stack";
import { SEEDED_PASSWORD } from "@/tests/support/factories/seed";

export type TestUser = { id: string; email: string; accessToken: string };

const PASSWORD = "test-password-123";

function client(key: string) {
  return createClient(testStack().apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

/** A session of a seeded account (supabase/seed.sql), from a password grant at the Auth API. */
export function sessionOfSeededUser(email: string): Promise<TestUser> {
  return passwordSession(email, SEEDED_PASSWORD);
}

async function passwordSession(email: string, password: string): Promise<TestUser> {
  const { data, error } = await client(testStack().env.PUBLISHABLE_KEY!).auth.signInWithPassword({
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
  const { env, runTag } = testStack();
  const email = `${runTag}-${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { error } = await client(env.SECRET_KEY!).auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
  });
  if (error) throw new Error(`create user ${email}: ${error.message}`);
  return passwordSession(email, PASSWORD);
}
