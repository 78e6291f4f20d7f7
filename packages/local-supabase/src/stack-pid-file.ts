// `<dataDir>/stack.pid`: which process runs the stack on this data directory, its PostgREST child and its embedded
// database. Every process is recorded with its identity (pid, start time, executable: process-identity.ts), so
// that a pid the system has since given to another process is never mistaken for the stack or its PostgREST.
// A stack refuses to start while the recorded owner runs (two processes must never open the same PGlite data).
// When the owner died without stopping (SIGKILL, OOM, a closed terminal), the next start ends the PostgREST it
// left behind, which would otherwise still hold its port.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { commandLineOf, isAlive, isSameProcess, processIdentity, type ProcessIdentity } from "./process-identity.ts";

export { isAlive } from "./process-identity.ts";

/** What the stack writes. `pid` stays the first key: scripts read it with a plain pattern. */
export type StackRecord = ProcessIdentity & {
  postgrest: (ProcessIdentity & { path: string }) | null;
  /** The embedded database: its port and the marker the stack wrote into it (stack-marker.ts). */
  database: { port: number; marker: string } | null;
  startedAt: string;
};

export class StackAlreadyRunningError extends Error {
  constructor(pid: number, dataDir: string) {
    super(`the local stack is already running (process ${pid}, data in ${dataDir}); stop it first`);
    this.name = "StackAlreadyRunningError";
  }
}

export type PidFile = {
  /** Records the PostgREST child, so that a later start can end it if this process dies first. */
  recordPostgrest(pid: number, path: string): Promise<void>;
  /** Records the embedded database and the marker written into it, for the tools (stack-database.ts). */
  recordDatabase(port: number, marker: string): Promise<void>;
  /** Removes the file (only if it is still this process's). */
  release(): Promise<void>;
};

const pidFilePath = (dataDir: string) => join(dataDir, "stack.pid");

async function read(file: string): Promise<StackRecord | null> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as Partial<StackRecord> | null;
    if (typeof value?.pid !== "number") return null;
    // A file written before identities were recorded: nothing proves who its pids are now.
    const started = typeof value.started === "string" ? value.started : undefined;
    return { ...value, started, exe: value.exe ?? null } as StackRecord;
  } catch {
    return null;
  }
}

/** True when the record names a process and that very process still runs. */
function stillRuns(identity: ProcessIdentity | null | undefined): boolean {
  if (!identity || typeof identity.pid !== "number" || identity.started === undefined) return false;
  return isSameProcess(identity);
}

/** The record of the stack running on `dataDir`, or null when none runs (no file, or its owner is gone). */
export async function readRunningStack(dataDir: string): Promise<StackRecord | null> {
  const recorded = await read(pidFilePath(dataDir));
  return recorded && stillRuns(recorded) ? recorded : null;
}

async function waitGone(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isSameProcess(identity)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isSameProcess(identity);
}

/** Ends the PostgREST a dead owner left running, only if the recorded process itself still runs. */
async function reapOrphan(recorded: StackRecord, log: (line: string) => void): Promise<void> {
  const child = recorded.postgrest;
  if (!child || !isAlive(child.pid)) return;
  if (!stillRuns(child)) {
    const command = commandLineOf(child.pid) ?? "unknown command";
    log(`stack.pid: process ${child.pid} is not the PostgREST recorded there (now: ${command}), left alone`);
    return;
  }
  log(
    `the previous stack (process ${recorded.pid}) ended without stopping: ending its PostgREST (process ${child.pid})`,
  );
  process.kill(child.pid, "SIGTERM");
  if (!(await waitGone(child, 3000)) && isSameProcess(child)) {
    process.kill(child.pid, "SIGKILL");
    await waitGone(child, 3000);
  }
}

/**
 * Before a start: throws StackAlreadyRunningError while the process recorded in `<dataDir>/stack.pid` still
 * runs; when it is gone (even if its pid now belongs to another process), ends the PostgREST it left behind
 * and removes the file. Creates nothing.
 */
export async function reclaimDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const file = pidFilePath(dataDir);
  const recorded = await read(file);
  if (!recorded) return;
  if (recorded.pid !== process.pid && stillRuns(recorded)) throw new StackAlreadyRunningError(recorded.pid, dataDir);
  if (recorded.pid !== process.pid && isAlive(recorded.pid)) {
    const command = commandLineOf(recorded.pid) ?? "unknown command";
    log(`stack.pid: process ${recorded.pid} is not the stack recorded there (now: ${command}); taking over`);
  }
  await reapOrphan(recorded, log);
  await rm(file, { force: true });
}

/** Writes `<dataDir>/stack.pid` for this process (after reclaimDataDir; the folder must exist). */
export async function claimPidFile(dataDir: string, log: (line: string) => void): Promise<PidFile> {
  const file = pidFilePath(dataDir);
  const self = processIdentity(process.pid) ?? { pid: process.pid, started: null, exe: null };
  const mine: StackRecord = { ...self, postgrest: null, database: null, startedAt: new Date().toISOString() };
  const save = () => writeFile(file, JSON.stringify(mine) + "\n");
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: of two stacks starting at once on this directory, one wins and the other sees it running.
      await writeFile(file, JSON.stringify(mine) + "\n", { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 2) throw err;
      await reclaimDataDir(dataDir, log);
    }
  }
  return {
    recordPostgrest: async (pid, path) => {
      const identity = processIdentity(pid);
      if (!identity) return; // it has exited already: nothing to end later
      mine.postgrest = { ...identity, path };
      await save();
    },
    recordDatabase: async (port, marker) => {
      mine.database = { port, marker };
      await save();
    },
    release: async () => {
      if ((await read(file))?.pid === process.pid) await rm(file, { force: true });
    },
  };
}
