import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itOnPosix } from "../test/support/it-on-posix.ts";
import { StackAlreadyRunningError, claimPidFile, isAlive, reclaimDataDir } from "./stack-pid-file.ts";

let dir: string;
const started: ChildProcess[] = [];

/** A long-running process whose command line names `postgrest`, like an orphaned PostgREST. */
async function fakeOrphan(): Promise<ChildProcess> {
  const file = join(dir, "postgrest");
  await writeFile(file, "#!/bin/sh\nwhile true; do sleep 1; done\n");
  await chmod(file, 0o755);
  const child = spawn(file, [], { stdio: "ignore" });
  started.push(child);
  await once(child, "spawn");
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stack-pid-file-"));
});

afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

const posixOnly = itOnPosix("stack-pid-file: the fake PostgREST is a shell script");

describe("stack.pid", () => {
  posixOnly("a dead owner's PostgREST is ended and the file taken over", async () => {
    const orphan = await fakeOrphan();
    const owner = await deadPid();
    await writeFile(join(dir, "stack.pid"), JSON.stringify({ pid: owner, postgrest: { pid: orphan.pid, path: "x" } }));
    const lines: string[] = [];
    await reclaimDataDir(dir, (l) => lines.push(l));
    expect(isAlive(orphan.pid!)).toBe(false);
    expect(lines.join("\n")).toContain(`ending its PostgREST (process ${orphan.pid})`);
    const mine = await claimPidFile(dir, () => {});
    await mine.release();
  });

  it("a live owner is reported as an already running stack, and nothing is touched", async () => {
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    started.push(owner);
    await writeFile(join(dir, "stack.pid"), JSON.stringify({ pid: owner.pid, postgrest: null }));
    await expect(reclaimDataDir(dir, () => {})).rejects.toThrow(StackAlreadyRunningError);
    await expect(reclaimDataDir(dir, () => {})).rejects.toThrow(
      `the local stack is already running (process ${owner.pid}, data in ${dir}); stop it first`,
    );
    owner.kill("SIGKILL");
    await once(owner, "exit");
    await reclaimDataDir(dir, () => {});
  });

  it("a process that is not PostgREST any more (pid reused) is left alone", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    started.push(other);
    await writeFile(
      join(dir, "stack.pid"),
      JSON.stringify({ pid: await deadPid(), postgrest: { pid: other.pid, path: "x" } }),
    );
    await reclaimDataDir(dir, () => {});
    expect(isAlive(other.pid!)).toBe(true);
    other.kill("SIGKILL");
  });
});
