// Vitest globalSetup of the reliability suite: the local Supabase stack on a fresh database of a real PostgreSQL
// server (DATABASE_URL's server, default postgresql://postgres:postgres@127.0.0.1:5432/postgres), a production
// build made for it (only when missing or stale) and `next start`. Prints the suite's figures at the end.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  DEFAULT_SERVER_URL,
  DIST_DIRS,
  ensureBuild,
  publicEnvOf,
  startApp,
  startStackOnFreshDatabase,
} from "../../scripts/test-harness/production-app.ts";
import type { ReliabilityContext } from "./support/context.ts";
import { FIGURE_KEYS, type Figures } from "./support/figures.ts";

/** The server's maintenance database: DATABASE_URL may name any database on it. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (process.env.RELIABILITY_DEBUG) process.stderr.write(`[reliability] ${line}\n`);
  };
  const serverUrl = maintenanceUrl(process.env.DATABASE_URL || DEFAULT_SERVER_URL);
  const test = await startStackOnFreshDatabase({ serverUrl, prefix: "rel", log });
  let app;
  try {
    const build = await ensureBuild({
      distDir: DIST_DIRS.measured,
      publicEnv: publicEnvOf(test.stack.env),
      log: (l) => process.stderr.write(`[reliability] ${l}\n`),
    });
    if (build.built) log(`built in ${build.ms} ms`);
    app = await startApp({ distDir: DIST_DIRS.measured, env: test.stack.env, log });
  } catch (err) {
    await test.stop();
    process.stderr.write(lines.map((l) => `[reliability] ${l}\n`).join(""));
    throw err;
  }
  const figuresDir = await mkdtemp(join(tmpdir(), "reliability-figures-"));
  const figuresFile = join(figuresDir, "figures.jsonl");
  await writeFile(figuresFile, "");

  const context: ReliabilityContext = {
    appUrl: app.url,
    apiUrl: test.stack.apiUrl,
    restUrl: test.stack.restUrl,
    dbUrl: test.stack.dbUrl,
    serverUrl,
    databaseName: test.database.name,
    dataDir: test.dataDir,
    env: test.stack.env,
    figuresFile,
  };
  project.provide("reliability", context);
  process.stderr.write(
    `[reliability] stack ${test.stack.apiUrl} on database ${test.database.name}, app ${app.url} (${Date.now() - started} ms)\n`,
  );

  return async () => {
    const appErrors = app.stderrLines().filter((l) => l.includes("API error")).length;
    await app.stop();
    await test.stop();
    const totals: Figures = { requests: 0, faults: 0, inputs: 0, rowsLost: 0, duplicates: 0, notes: [] };
    const raw = await readFile(figuresFile, "utf8").catch(() => "");
    for (const line of raw.split("\n").filter(Boolean)) {
      const f = JSON.parse(line) as Figures;
      for (const key of FIGURE_KEYS) totals[key] += f[key];
      totals.notes.push(...f.notes);
    }
    await rm(figuresDir, { recursive: true, force: true });
    process.stdout.write(
      [
        "",
        "Reliability figures",
        `  requests sent:     ${totals.requests}`,
        `  faults injected:   ${totals.faults}`,
        `  inputs tried:      ${totals.inputs}`,
        `  rows lost:         ${totals.rowsLost}`,
        `  duplicate rows:    ${totals.duplicates}`,
        `  app 5xx logged:    ${appErrors} (shared app server)`,
        ...totals.notes.map((n) => `  - ${n}`),
        "",
      ].join("\n"),
    );
  };
}
