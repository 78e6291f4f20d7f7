// What `npm run bench` and `npm run bench:pages` both start: a throwaway database with the local stack on it, the
// measured production build, `next start` with the Supabase-call capture preloaded (capture-supabase-calls.ts),
// and the fixtures. stop() undoes all of it and is safe to call twice.
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DIST_DIRS,
  ensureBuild,
  publicEnvOf,
  startApp,
  startStackOnFreshDatabase,
  type AppServer,
  type TestStack,
} from "../test-harness/production-app.ts";
import type { BenchContext } from "./context.ts";
import { createFixtures } from "./phases/fixtures.ts";
import type { BenchSettings } from "./result.ts";

const CAPTURE_MODULE = fileURLToPath(new URL("./capture-supabase-calls.ts", import.meta.url));

export type BenchRun = {
  context: BenchContext;
  build: { built: boolean; reason: string | null; ms: number };
  /** The file the app appends its captured Supabase calls to. */
  captureFile: string;
  stop(): Promise<void>;
};

export async function setUpBench(settings: BenchSettings, log: (line: string) => void): Promise<BenchRun> {
  let test: TestStack | null = null;
  let app: AppServer | null = null;
  const captureFile = join(tmpdir(), `bench-capture-${process.pid}-${Date.now()}.jsonl`);
  const stop = async () => {
    await app?.stop().catch(() => {});
    await test?.stop().catch(() => {});
    await rm(captureFile, { force: true });
    app = null;
    test = null;
  };
  try {
    test = await startStackOnFreshDatabase({
      serverUrl: process.env.DATABASE_URL || undefined,
      prefix: "bench",
      log: (l) => log(`stack: ${l}`),
    });
    const { stack } = test;
    const build = await ensureBuild({ distDir: DIST_DIRS.measured, publicEnv: publicEnvOf(stack.env), log });
    const nodeOptions = [process.env.NODE_OPTIONS, `--import=${CAPTURE_MODULE}`].filter(Boolean).join(" ");
    app = await startApp({
      distDir: DIST_DIRS.measured,
      env: { ...stack.env, NODE_OPTIONS: nodeOptions, BENCH_CAPTURE_FILE: captureFile },
      log,
    });
    const conversationsUrl = `${app.url}/api/messages/conversations`;
    const fixtures = await createFixtures(stack, conversationsUrl, settings, log);
    return { context: { settings, stack, app, conversationsUrl, fixtures, log }, build, captureFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
