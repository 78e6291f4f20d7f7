// The lock that runs using the stack's fixed ports (54321-54329) share on one machine: `flock` on
// `fixed-ports.lock` in the system's temporary folder (FIXED_PORTS_LOCK names another file). A test that must
// use a fixed port holds it, so it never meets a stack or benchmark started under the same lock.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type HeldLock = { file: string | null; release(): Promise<void> };

/** Waits up to `timeoutMs` for the lock; resolves once held. Without `flock` (not Linux) it says so and holds none. */
export async function holdFixedPortsLock(timeoutMs: number): Promise<HeldLock> {
  const file = process.env.FIXED_PORTS_LOCK || join(tmpdir(), "fixed-ports.lock");
  const seconds = String(Math.max(1, Math.floor(timeoutMs / 1000)));
  // `cat` keeps the lock until its stdin closes: at release(), or when this process dies.
  const holder = spawn("flock", ["-w", seconds, file, "sh", "-c", "echo held; exec cat"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => holder.once("exit", (code) => resolve(code)));
  const held = await new Promise<boolean | "no-flock">((resolve) => {
    holder.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ENOENT" ? "no-flock" : false));
    holder.stdout!.once("data", () => resolve(true));
    void exited.then(() => resolve(false));
  });
  if (held === "no-flock") {
    console.log(`fixed-ports lock: no flock on this system, ${file} not taken`);
    return { file: null, release: async () => {} };
  }
  if (!held) {
    throw new Error(
      `could not take ${file} within ${seconds} s: another run holds it (a run started under flock on that file ` +
        "must not run this test; run it plain, it takes the lock itself)",
    );
  }
  return {
    file,
    release: async () => {
      holder.stdin!.end();
      await exited;
    },
  };
}
