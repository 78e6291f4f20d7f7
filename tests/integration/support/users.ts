import { inject } from "vitest";
import { createUser, signIn as signInWithPassword } from "../../../scripts/stack/fixtures.ts";
import { SEEDED_PASSWORD } from "@/tests/support/factories/seed";

export type TestUser = { id: string; email: string; accessToken: string };

/** A session of a seeded account (supabase/seed.sql), from a password grant at the Auth API. */
export async function sessionOfSeededUser(email: string): Promise<TestUser> {
  const session = await signInWithPassword(inject("stack").apiUrl, email, SEEDED_PASSWORD);
  return { id: session.user.id, email, accessToken: session.access_token };
}

/** A fresh confirmed user, created through the Auth admin API (service role), then signed in. */
export async function createTestUser(label = "user"): Promise<TestUser> {
  const { id, email, accessToken } = await createUser(inject("stack").apiUrl, label);
  return { id, email, accessToken };
}
