// A stack whose Node process is killed with SIGKILL leaves nothing running that blocks the next start, and
// loses no acknowledged write; a second stack on the same data directory is refused while the first runs.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY, getFreePorts } from "../src/index.ts";
import { isAlive } from "../src/stack-pid-file.ts";

const STACK_PROCESS = fileURLToPath(new URL("./support/stack-process.ts", import.meta.url));
const WORKDIR = fileURLToPath(new URL("./fixture-project", import.meta.url));

type Running = { child: ChildProcess; apiUrl: string; dbUrl: string };

let dataDir: string;
const children: ChildProcess[] = [];

function spawnStack(ports: { api: number; rest: number; db: number }): ChildProcess {
  const child = spawn(process.execPath, [STACK_PROCESS, dataDir, WORKDIR, JSON.stringify(ports)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

/** Resolves with the stack's URLs once it printed them; rejects with its output when it exits first. */
async function startStackProcess(ports: { api: number; rest: number; db: number }): Promise<Running> {
  const child = spawnStack(ports);
  let output = "";
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line) resolve({ child, ...(JSON.parse(line) as { apiUrl: string; dbUrl: string }) });
    });
    child.once("exit", (code) => reject(new Error(`stack process exited (${code}):\n${output}`)));
  });
}

async function recordedPostgrestPid(): Promise<number> {
  const recorded = JSON.parse(await readFile(join(dataDir, "stack.pid"), "utf8")) as { postgrest: { pid: number } };
  return recorded.postgrest.pid;
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rest = (apiUrl: string, path: string, init: RequestInit = {}) =>
  fetch(`${apiUrl}/rest/v1${path}`, {
    ...init,
    headers: { apikey: SECRET_KEY, "content-type": "application/json", ...init.headers },
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "crash-recovery-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

if (process.platform === "win32") console.log("crash recovery: skipped on Windows (no SIGKILL semantics, no watchdog)");

describe.skipIf(process.platform === "win32")("crash recovery", () => {
  it("SIGKILL of the stack's process: its PostgREST ends, the next start comes up on the same ports with the data", async () => {
    const [api, restPort, db] = await getFreePorts(3);
    const ports = { api: api!, rest: restPort!, db: db! };
    const first = await startStackProcess(ports);
    const write = await rest(first.apiUrl, "/notes", { method: "POST", body: JSON.stringify({ body: "kept" }) });
    expect(write.status).toBe(201);

    // While it runs, a second stack on the same data directory is refused with a plain message.
    const [otherApi, otherRest, otherDb] = await getFreePorts(3);
    const second = spawnStack({ api: otherApi!, rest: otherRest!, db: otherDb! });
    let secondErr = "";
    second.stderr!.on("data", (d: Buffer) => (secondErr += d.toString()));
    const [code] = (await once(second, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(secondErr).toContain(`the local stack is already running (process ${first.child.pid}`);
    expect(secondErr).not.toMatch(/\n\s+at /);

    const postgrestPid = await recordedPostgrestPid();
    expect(isAlive(postgrestPid)).toBe(true);
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    await waitUntil(() => !isAlive(postgrestPid), `PostgREST (process ${postgrestPid}) to end after its stack died`);

    const again = await startStackProcess(ports);
    const read = await rest(again.apiUrl, "/notes?select=body&order=id");
    expect(await read.json()).toEqual([{ body: "seeded" }, { body: "kept" }]);

    again.child.kill("SIGTERM");
    await once(again.child, "exit");
    expect(existsSync(join(dataDir, "stack.pid"))).toBe(false);
  }, 180_000); // two stack starts: a loaded machine takes over a minute
});
