// The people of the e2e run: the seeded demo accounts, fresh users created through the stack's Auth API, and
// the signed-in browser states the setup project saves for the specs.
import { dirname, join } from "node:path";
import { PUBLISHABLE_KEY } from "local-supabase";
import { SEEDED_PASSWORD, seededUsers } from "../../support/factories/seed.ts";
import { STACK_INFO_FILE } from "./config.ts";
import { stackInfo } from "./database.ts";

export { SEEDED_PASSWORD, seededUsers };

export type TestUser = { id: string; email: string; password: string; displayName: string };

/** Signs up a new user through the Auth API (the local Auth server confirms at once), so specs share no state. */
export async function signUpNewUser(displayName = "E2E Traveller"): Promise<TestUser> {
  const email = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "e2e-password-123";
  const response = await fetch(`${stackInfo().apiUrl}/auth/v1/signup`, {
    method: "POST",
    headers: { apikey: PUBLISHABLE_KEY, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, data: { display_name: displayName } }),
  });
  const json = (await response.json()) as { user?: { id: string }; msg?: string };
  if (!response.ok || !json.user) throw new Error(`sign-up failed (${response.status}): ${JSON.stringify(json)}`);
  return { id: json.user.id, email, password, displayName };
}

/**
 * Browser states (cookies) the setup project (tests/e2e/auth.setup.ts) saves after signing in through the form:
 * Bob, a customer with an inquiry to Fjord & Fell, and Dave, the Fjord & Fell staff member who answered it. No spec signs either of them
 * out, so the sessions stay valid for the whole run.
 */
export const signedInState = {
  customer: { user: seededUsers.bob, file: join(dirname(STACK_INFO_FILE), "auth", "customer.json") },
  staff: { user: seededUsers.dave, file: join(dirname(STACK_INFO_FILE), "auth", "staff.json") },
} as const;
