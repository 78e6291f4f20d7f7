import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itOnPosix } from "../test/support/it-on-posix.ts";
import { processIdentity, type ProcessIdentity } from "./process-identity.ts";
import { StackAlreadyRunningError, claimPidFile, isAlive, readRunningStack, reclaimDataDir } from "./stack-pid-file.ts";

let dir: string;
const started: ChildProcess[] = [];

/** A long-running process whose command line names `postgrest`, like an orphaned PostgREST or a bystander. */
async function fakePostgrest(): Promise<ChildProcess> {
  const file = join(dir, "postgrest");
  await writeFile(file, "#!/bin/sh\nwhile true; do sleep 1; done\n");
  await chmod(file, 0o755);
  const child = spawn(file, [], { stdio: "ignore" });
  started.push(child);
  await once(child, "spawn");
  return child;
}

async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
  started.push(child);
  await once(child, "spawn");
  return child;
}

/**
 * The identity a process had: it has exited since, so its pid may be anyone's now. It ran for 200 ms, so a
 * process started after this resolves has another start time (Linux counts in 10 ms ticks).
 */
async function identityOfExited(): Promise<ProcessIdentity> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 200)"], { stdio: "ignore" });
  await once(child, "spawn");
  const identity = processIdentity(child.pid!)!;
  await once(child, "exit");
  return identity;
}

/** `identity` with another process's pid: what a stale record looks like once the system reused the pid. */
const reusedBy = (identity: ProcessIdentity, pid: number): ProcessIdentity => ({ ...identity, pid });

async function writeRecord(record: object): Promise<void> {
  await writeFile(join(dir, "stack.pid"), JSON.stringify(record));
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stack-pid-file-"));
});

afterAll(async () => {
  for (const c of started) kill(c);
  await rm(dir, { recursive: true, force: true });
});

const posixOnly = itOnPosix(
  "stack-pid-file: the fake PostgREST is a shell script, and start times are read from /proc or ps",
);

describe("stack.pid", () => {
  posixOnly("records this process with its start time and executable, pid first", async () => {
    const mine = await claimPidFile(dir, () => {});
    const text = await readFile(join(dir, "stack.pid"), "utf8");
    expect(text.startsWith(`{"pid":${process.pid},`)).toBe(true);
    const running = await readRunningStack(dir);
    expect(running).toMatchObject(processIdentity(process.pid)!);
    expect(running!.started).toBeTruthy();
    await mine.release();
    expect(existsSync(join(dir, "stack.pid"))).toBe(false);
  });

  posixOnly("a dead owner's PostgREST is ended and the file taken over", async () => {
    const orphan = await fakePostgrest();
    const owner = await identityOfExited();
    await writeRecord({ ...owner, postgrest: { ...processIdentity(orphan.pid!)!, path: "x" } });
    const lines: string[] = [];
    await reclaimDataDir(dir, (l) => lines.push(l));
    expect(isAlive(orphan.pid!)).toBe(false);
    expect(lines.join("\n")).toContain(`ending its PostgREST (process ${orphan.pid})`);
    const mine = await claimPidFile(dir, () => {});
    await mine.release();
  });

  it("a live owner is reported as an already running stack, and nothing is touched", async () => {
    const owner = await sleeper();
    await writeRecord({ ...processIdentity(owner.pid!)!, postgrest: null });
    await expect(reclaimDataDir(dir, () => {})).rejects.toThrow(StackAlreadyRunningError);
    await expect(reclaimDataDir(dir, () => {})).rejects.toThrow(
      `the local stack is already running (process ${owner.pid}, data in ${dir}); stop it first`,
    );
    expect(await readRunningStack(dir)).not.toBeNull();
    kill(owner);
    await once(owner, "exit");
    expect(await readRunningStack(dir)).toBeNull();
    await reclaimDataDir(dir, () => {});
  });

  posixOnly("a stale record whose PostgREST pid now belongs to a bystander named postgrest: left alone", async () => {
    const earlier = await identityOfExited(); // first: the bystander then starts at least 200 ms later
    const bystander = await fakePostgrest();
    const recorded = reusedBy(earlier, bystander.pid!);
    await writeRecord({ ...(await identityOfExited()), postgrest: { ...recorded, path: join(dir, "postgrest") } });
    const lines: string[] = [];
    await reclaimDataDir(dir, (l) => lines.push(l));
    expect(isAlive(bystander.pid!)).toBe(true);
    expect(lines.join("\n")).toContain(`process ${bystander.pid} is not the PostgREST recorded there`);
    expect(existsSync(join(dir, "stack.pid"))).toBe(false);
    kill(bystander);
  });

  posixOnly("the same pid and start time but another executable is not the recorded PostgREST", async () => {
    const bystander = await fakePostgrest();
    const now = processIdentity(bystander.pid!)!;
    await writeRecord({
      ...(await identityOfExited()),
      postgrest: { ...now, exe: "/opt/postgrest/bin/postgrest", path: "/opt/postgrest/bin/postgrest" },
    });
    await reclaimDataDir(dir, () => {});
    expect(isAlive(bystander.pid!)).toBe(true);
    kill(bystander);
  });

  posixOnly(
    "a reused owner pid: the start is not refused, the unrelated process is not named nor touched",
    async () => {
      const earlier = await identityOfExited(); // first: the bystander then starts at least 200 ms later
      const bystander = await sleeper();
      await writeRecord({ ...reusedBy(earlier, bystander.pid!), postgrest: null });
      expect(await readRunningStack(dir)).toBeNull();
      const lines: string[] = [];
      await reclaimDataDir(dir, (l) => lines.push(l));
      expect(lines.join("\n")).toContain(`process ${bystander.pid} is not the stack recorded there`);
      expect(isAlive(bystander.pid!)).toBe(true);
      const mine = await claimPidFile(dir, () => {});
      await mine.release();
      kill(bystander);
    },
  );

  posixOnly("a record without identities (an older stack's) proves nothing: its live pids are left alone", async () => {
    const bystander = await fakePostgrest();
    const owner = await sleeper();
    await writeRecord({ pid: owner.pid, postgrest: { pid: bystander.pid, path: "x" } });
    expect(await readRunningStack(dir)).toBeNull();
    await reclaimDataDir(dir, () => {});
    expect(isAlive(bystander.pid!)).toBe(true);
    expect(isAlive(owner.pid!)).toBe(true);
    kill(bystander);
    kill(owner);
  });
});
