// A Supabase started elsewhere (`npm run test:supabase`) as the integration project's `stack`, and the removal of
// what a run made there: its users (through the Auth admin API) and its agencies. Conversations and messages go
// with their users (on delete cascade).
import { createClient } from "@supabase/supabase-js";
import { withClient } from "local-supabase";
import { readRunningSupabase } from "../../support/running-supabase.ts";
import type { TestStack } from "./stack.ts";

export function runningSupabaseStack(source: Record<string, string | undefined>): TestStack {
  const read = readRunningSupabase(source);
  if (!read.ok) throw new Error(`running Supabase: missing ${read.missing.join(", ")}`);
  const { apiUrl, dbUrl, publishableKey, secretKey, env } = read.supabase;
  return {
    apiUrl,
    dbUrl,
    restUrl: `${apiUrl}/rest/v1`,
    kind: "running",
    env: {
      ...env,
      PUBLISHABLE_KEY: publishableKey,
      SECRET_KEY: secretKey,
      NEXT_PUBLIC_SUPABASE_URL: apiUrl,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: publishableKey,
    },
    runTag: `it-${crypto.randomUUID().slice(0, 8)}`,
  };
}

/** `like` pattern of the e-mail addresses and agency slugs a run made (they start with its tag). */
export const madeByRun = (runTag: string) => `${runTag}-%`;

export async function removeRunData(stack: TestStack): Promise<void> {
  const admin = createClient(stack.apiUrl, stack.env.SECRET_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
  }).auth.admin;
  const pattern = madeByRun(stack.runTag);
  const userIds = await withClient(stack.dbUrl, async (c) => {
    const { rows } = await c.query<{ id: string }>("select id from auth.users where email like $1", [pattern]);
    return rows.map((row) => row.id);
  });
  const failures: string[] = [];
  for (const id of userIds) {
    const { error } = await admin.deleteUser(id);
    if (error) failures.push(`${id}: ${error.message}`);
  }
  const agencies = await withClient(
    stack.dbUrl,
    async (c) => (await c.query("delete from public.agencies where slug like $1", [pattern])).rowCount ?? 0,
  );
  process.stderr.write(
    `[test:supabase] removed ${userIds.length - failures.length} users and ${agencies} agencies made by run ${stack.runTag}\n`,
  );
  if (failures.length > 0) throw new Error(`could not delete ${failures.length} test users:\n${failures.join("\n")}`);
}
