// `<dataDir>/stack.pid`: which process runs the stack on this data directory, and its PostgREST child.
// A stack refuses to start while the recorded owner is alive (two processes must never open the same PGlite
// data). When the owner died without stopping (SIGKILL, OOM, a closed terminal), the next start ends the
// PostgREST it left behind, which would otherwise still hold its port.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

type Recorded = { pid: number; postgrest: { pid: number; path: string } | null; startedAt: string };

export class StackAlreadyRunningError extends Error {
  constructor(pid: number, dataDir: string) {
    super(`the local stack is already running (process ${pid}, data in ${dataDir}); stop it first`);
    this.name = "StackAlreadyRunningError";
  }
}

export type PidFile = {
  /** Records the PostgREST child, so that a later start can end it if this process dies first. */
  recordPostgrest(pid: number, path: string): Promise<void>;
  /** Removes the file (only if it is still this process's). */
  release(): Promise<void>;
};

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of `pid`, or null when it cannot be read. */
function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    // not Linux: ask ps
  }
  try {
    return (
      execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8", timeout: 5000 }).trim() || null
    );
  } catch {
    return null;
  }
}

async function read(file: string): Promise<Recorded | null> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as Recorded;
    return typeof value?.pid === "number" ? value : null;
  } catch {
    return null;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/** Ends the PostgREST a dead owner left running (only if that pid still runs a PostgREST). */
async function reapOrphan(recorded: Recorded, log: (line: string) => void): Promise<void> {
  const child = recorded.postgrest;
  if (!child || !isAlive(child.pid)) return;
  const command = commandOf(child.pid);
  if (!command || !command.toLowerCase().includes("postgrest")) {
    log(`stack.pid: process ${child.pid} is no longer PostgREST, left alone`);
    return;
  }
  log(
    `the previous stack (process ${recorded.pid}) ended without stopping: ending its PostgREST (process ${child.pid})`,
  );
  process.kill(child.pid, "SIGTERM");
  if (!(await waitGone(child.pid, 3000))) {
    process.kill(child.pid, "SIGKILL");
    await waitGone(child.pid, 3000);
  }
}

/**
 * Before a start: throws StackAlreadyRunningError while another live process holds `<dataDir>/stack.pid`; when its
 * holder is dead, ends the PostgREST it left behind and removes the file. Creates nothing.
 */
export async function reclaimDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const file = join(dataDir, "stack.pid");
  const recorded = await read(file);
  if (!recorded) return;
  if (recorded.pid !== process.pid && isAlive(recorded.pid)) throw new StackAlreadyRunningError(recorded.pid, dataDir);
  await reapOrphan(recorded, log);
  await rm(file, { force: true });
}

/** Writes `<dataDir>/stack.pid` for this process (after reclaimDataDir; the folder must exist). */
export async function claimPidFile(dataDir: string, log: (line: string) => void): Promise<PidFile> {
  const file = join(dataDir, "stack.pid");
  const mine: Recorded = { pid: process.pid, postgrest: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: of two stacks starting at once on this directory, one wins and the other sees it alive.
      await writeFile(file, JSON.stringify(mine) + "\n", { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 2) throw err;
      await reclaimDataDir(dataDir, log);
    }
  }
  return {
    recordPostgrest: async (pid, path) => {
      mine.postgrest = { pid, path };
      await writeFile(file, JSON.stringify(mine) + "\n");
    },
    release: async () => {
      if ((await read(file))?.pid === process.pid) await rm(file, { force: true });
    },
  };
}
