// The stack every integration test talks to, as tests/integration/global-setup.ts provides it (`inject("stack")`):
// one started for the run (PGlite by default, or a fresh database on DATABASE_URL's server), or a Supabase that
// was already running (`npm run test:supabase`). Plus superuser SQL and PostgREST schema reloads.
import pg from "pg";
import { inject } from "vitest";

export type TestStack = {
  /** Gateway URL (what NEXT_PUBLIC_SUPABASE_URL points to), e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  /** Superuser connection string of the stack's throwaway database. */
  dbUrl: string;
  /** PostgREST itself, without the gateway. */
  restUrl: string;
  /**
   * "pglite" (embedded, in memory) or "postgres" (a fresh it_<random> database on DATABASE_URL's server): the
   * stack this run started. "running": a Supabase started elsewhere (`npm run test:supabase`), where only what
   * every Supabase has can be relied on (no /_stack/stats).
   */
  kind: "pglite" | "postgres" | "running";
  /**
   * `supabase status -o env` values: API_URL, DB_URL, PUBLISHABLE_KEY and SECRET_KEY (on a running Supabase
   * filled from ANON_KEY / SERVICE_ROLE_KEY when only those are given), JWT_SECRET, …, NEXT_PUBLIC_*.
   */
  env: Record<string, string>;
  /** Starts the e-mail addresses and agency slugs this run makes, so that teardown finds exactly those. */
  runTag: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    stack: TestStack;
  }
}

/** The run's stack (typed); only the integration project's global setup provides one. */
export function testStack(): TestStack {
  const stack = inject("stack");
  if (!stack?.apiUrl) {
    throw new Error('no stack: run this test in the vitest "integration" project (its globalSetup starts one)');
  }
  return stack;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs `text` as superuser on the stack's database. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  dbUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * After DDL: asks PostgREST to reload its schema cache until every probe path (GET) answers 2xx. The NOTIFY is
 * repeated because a cache load already running when the DDL committed may have missed part of it.
 */
export async function reloadSchema(stack: TestStack, paths: string[], apikey: string): Promise<void> {
  let lastNotify = 0;
  await waitFor(
    async () => {
      if (Date.now() - lastNotify > 1000) {
        lastNotify = Date.now();
        await sql(stack.dbUrl, "notify pgrst, 'reload schema'");
      }
      for (const path of paths) {
        if (!(await fetch(`${stack.apiUrl}/rest/v1${path}`, { headers: { apikey } })).ok) return false;
      }
      return true;
    },
    `PostgREST to see ${paths.join(", ")}`,
  );
}
