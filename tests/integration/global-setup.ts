// Vitest globalSetup of the integration project: one local Supabase stack per run, on free ports, with a
// throwaway database — embedded PGlite in memory by default, or with DATABASE_URL set a fresh `it_<random>`
// database on that server (dropped at teardown). Under `npm run test:supabase` it starts nothing and provides the
// running Supabase its variables name instead, and removes at teardown the users and agencies the run made.
// Tests read it with `inject("stack")`; the settings are also put in process.env (NEXT_PUBLIC_SUPABASE_URL, …)
// for code under test that reads the environment.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createThrowawayDatabase, isPlainError, startStack, type Stack } from "local-supabase";
import { RUNNING_SUPABASE_FLAG } from "../support/running-supabase.ts";
import { removeRunData, runningSupabaseStack } from "./support/running-stack.ts";
import type { TestStack } from "./support/stack.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env[RUNNING_SUPABASE_FLAG] === "1") {
    const provided = runningSupabaseStack(process.env);
    project.provide("stack", provided);
    for (const [key, value] of Object.entries(provided.env)) process.env[key] = value;
    return () => removeRunData(provided);
  }

  const dataDir = await mkdtemp(join(tmpdir(), "it-stack-"));
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (process.env.STACK_DEBUG) process.stderr.write(`[stack] ${line}\n`);
  };
  const serverUrl = process.env.DATABASE_URL;
  const throwaway = serverUrl ? await createThrowawayDatabase(serverUrl, "it") : null;
  let stack: Stack;
  try {
    stack = await startStack({ databaseUrl: throwaway?.url, dataDir, pgliteDir: "memory://", ports: "auto", log });
  } catch (err) {
    await throwaway?.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    process.stderr.write(lines.map((l) => `[stack] ${l}\n`).join(""));
    // A message that says what to do (no PostgREST, a port taken, …) is shown as it is, without a stack trace.
    if (isPlainError(err)) throw Object.assign(new Error(err.message), { stack: err.message });
    throw err;
  }

  const provided: TestStack = {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    restUrl: stack.restUrl,
    kind: throwaway ? "postgres" : "pglite",
    env: stack.env,
    runTag: "it",
  };
  project.provide("stack", provided);
  for (const [key, value] of Object.entries(stack.env)) process.env[key] = value;

  return async () => {
    await stack.stop();
    await throwaway?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
