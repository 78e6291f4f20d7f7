// Runs one job in the load generator (load-worker.ts), a process of its own so that it does not share an event
// loop with what it measures, and returns the result it prints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AutocannonJob, AutocannonSummary, RaceJob, RaceSummary } from "./load-worker.ts";

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));

/** Killed if it runs `timeoutMs` past the job's own duration bound (default: the job's duration + 60 s). */
export function runLoadWorker(job: AutocannonJob, timeoutMs?: number): Promise<AutocannonSummary>;
export function runLoadWorker(job: RaceJob, timeoutMs: number): Promise<RaceSummary>;
export function runLoadWorker(job: AutocannonJob | RaceJob, timeoutMs?: number): Promise<unknown> {
  const limit = timeoutMs ?? ((job.mode === "autocannon" ? job.duration : 0) + 60) * 1000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), limit);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`load worker exited with ${code ?? signal}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!));
      } catch (err) {
        reject(err as Error);
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}
