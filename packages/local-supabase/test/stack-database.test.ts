// The tools (db-reset, bulk loads) act on the running stack's embedded database only when it proves to be that
// stack's: a live owner in stack.pid and the marker recorded there, written into the database by the stack.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { processIdentity } from "../src/process-identity.ts";
import { resetDatabase, startStack, withClient, type Stack } from "../src/index.ts";
import { openStackDatabase } from "../src/stack-database.ts";
import { readStackMarker } from "../src/stack-marker.ts";
import { readRunningStack } from "../src/stack-pid-file.ts";

const WORKDIR = fileURLToPath(new URL("./fixture-project", import.meta.url));
let root: string;
let dataDir: string;
let stack: Stack;
let dbPort: number;
const quiet = () => {};

/** A data directory whose stack.pid names this live process as the owner, with the given database record. */
async function dataDirOwnedByThisProcess(name: string, database: object | null): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const record = { ...processIdentity(process.pid), postgrest: null, database, startedAt: new Date().toISOString() };
  await writeFile(join(dir, "stack.pid"), JSON.stringify(record));
  return dir;
}

beforeAll(async () => {
  vi.stubEnv("DATABASE_URL", undefined); // DATABASE_URL means "this one, on purpose": not what is tested here
  root = await mkdtemp(join(tmpdir(), "stack-database-"));
  dataDir = join(root, "stack");
  stack = await startStack({ dataDir, pgliteDir: "memory://", ports: "auto", workdir: WORKDIR });
  dbPort = Number(new URL(stack.dbUrl).port);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stack?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("openStackDatabase", () => {
  it("takes the running stack's database, before and after a reset (the marker survives `supabase db reset`)", async () => {
    const recorded = await readRunningStack(dataDir);
    expect(recorded?.database).toEqual({ port: dbPort, marker: expect.stringMatching(/^local-supabase stack /) });
    expect(await withClient(stack.dbUrl, readStackMarker)).toBe(recorded!.database!.marker);

    const first = await openStackDatabase(quiet, { dataDir });
    expect(first.port).toBe(dbPort);
    await resetDatabase({ databaseUrl: first.url, workdir: WORKDIR });
    await first.close();

    const again = await openStackDatabase(quiet, { dataDir });
    expect(again.port).toBe(dbPort);
    await again.close();
  });

  it("refuses a database on the recorded port that lacks the recorded marker", async () => {
    const dir = await dataDirOwnedByThisProcess("other-marker", { port: dbPort, marker: "local-supabase stack x" });
    await expect(openStackDatabase(quiet, { dataDir: dir })).rejects.toThrow(
      `port ${dbPort} is served by PostgreSQL ${await serverVersion()}, which is not this project's local stack ` +
        `(it lacks the marker of the stack running on ${dir} as process ${process.pid}); nothing was changed.`,
    );
  });

  it("refuses when the running stack records no embedded database (it runs on DATABASE_URL)", async () => {
    const dir = await dataDirOwnedByThisProcess("on-postgres", null);
    await expect(openStackDatabase(quiet, { dataDir: dir })).rejects.toThrow(
      `the stack running on ${dir} (process ${process.pid}) records no embedded database`,
    );
  });

  it("with no stack running on its data directory, refuses a port that something else serves", async () => {
    const dir = join(root, "no-stack");
    await expect(openStackDatabase(quiet, { dataDir: dir, port: dbPort })).rejects.toThrow(
      `port ${dbPort} is served by PostgreSQL ${await serverVersion()}, which is not this project's local stack ` +
        `(no stack of this project runs on ${dir}); nothing was changed.`,
    );
  });
});

/** `18.6 (PGlite 0.5.14)`: the part of version() the refusal names. */
async function serverVersion(): Promise<string> {
  const v = await withClient(
    stack.dbUrl,
    async (c) => (await c.query<{ v: string }>("select version() as v")).rows[0]!.v,
  );
  return v.split(" on ")[0]!.replace(/^PostgreSQL /, "");
}
