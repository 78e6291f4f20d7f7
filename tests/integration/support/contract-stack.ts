// The stack the contract tests (tests/integration/{auth,gateway}-contract.test.ts) talk to: the one that
// tests/integration/global-setup.ts starts and provides as `inject("stack")` (PGlite by default, or a fresh
// database on DATABASE_URL's server), plus superuser SQL and PostgREST schema-reload helpers.
import pg from "pg";
import { inject } from "vitest";

export type ContractStack = { apiUrl: string; dbUrl: string };

type Provided = { apiUrl?: string; dbUrl?: string } | undefined;

/** The shared stack; throws when the integration global setup did not provide one. */
export function contractStack(): ContractStack {
  // Read untyped so this module does not depend on where ProvidedContext is declared.
  const provided = (inject as unknown as (key: string) => Provided)("stack");
  if (!provided?.apiUrl || !provided.dbUrl) {
    throw new Error(
      'no stack: run the contract tests in the vitest "integration" project (its globalSetup starts one)',
    );
  }
  return { apiUrl: provided.apiUrl, dbUrl: provided.dbUrl };
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
export async function reloadSchema(stack: ContractStack, paths: string[], apikey: string): Promise<void> {
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
