import { inject } from "vitest";
import { createUser, signIn as signInWithPassword } from "local-supabase";

export type TestUser = { id: string; email: string; accessToken: string };

/** A seeded account (supabase/seed.sql), signed in with its password. */
export async function signIn(email: string, password = "password123"): Promise<TestUser> {
  const session = await signInWithPassword(inject("stack").apiUrl, email, password);
  return { id: session.user.id, email, accessToken: session.access_token };
}

/** A fresh confirmed user, created through the Auth admin API (service role), then signed in. */
export async function createTestUser(label = "user"): Promise<TestUser> {
  const { id, email, accessToken } = await createUser(inject("stack").apiUrl, label);
  return { id, email, accessToken };
}
