import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { startWatchdog } from "./postgrest-watchdog.ts";
import { isAlive, processIdentity } from "./process-identity.ts";

const started: ChildProcess[] = [];

async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
  started.push(child);
  await once(child, "spawn");
  return child;
}

/** A pid whose process has exited: the watchdog's owner is gone from the start. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

async function watchdogFinished(postgrest: Parameters<typeof startWatchdog>[0]): Promise<void> {
  const watchdog = startWatchdog(postgrest, await deadPid())!;
  await once(watchdog, "exit");
}

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

const linuxOnly = process.platform === "linux";
if (!linuxOnly) console.log("postgrest-watchdog: skipped, the watchdog compares start times only on Linux (/proc)");

describe.skipIf(!linuxOnly)("PostgREST watchdog, once the stack's process is gone", () => {
  it("ends the recorded PostgREST", async () => {
    const postgrest = await sleeper();
    const exited = once(postgrest, "exit");
    await watchdogFinished(processIdentity(postgrest.pid!)!);
    expect(await exited).toEqual([null, "SIGTERM"]);
  });

  it("leaves alone a process that got PostgREST's pid (another start time)", async () => {
    const bystander = await sleeper();
    const recorded = { ...processIdentity(bystander.pid!)!, started: "boot:1" };
    await watchdogFinished(recorded);
    expect(isAlive(bystander.pid!)).toBe(true);
  });
});
