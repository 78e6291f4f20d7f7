// Who a pid is: its executable and its start time. A pid alone names a process only until that process ends;
// the kernel then hands the number to the next process it starts. Recording the start time and executable
// next to the pid lets a later reader tell "the process I recorded" from "a process that got its pid".
import { execFileSync } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";

export type ProcessIdentity = {
  pid: number;
  /** Linux: `<boot id>:<start time in clock ticks>` from /proc; elsewhere `ps -o lstart`. Null: unknown here. */
  started: string | null;
  /** The executable's path, as the system reports it; null when it cannot be read. */
  exe: string | null;
};

function readLinux(pid: number): ProcessIdentity | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = fields[19]; // field 22 of the line: starttime
  let boot = "";
  try {
    boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    // without a boot id the ticks still tell processes of this boot apart
  }
  let exe: string | null = null;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, "");
  } catch {
    // another user's process, or a kernel thread
  }
  return { pid, started: ticks ? `${boot}:${ticks}` : null, exe };
}

function readPs(pid: number): ProcessIdentity | null {
  const ask = (field: string) => {
    try {
      const out = execFileSync("ps", ["-o", `${field}=`, "-p", String(pid)], { encoding: "utf8", timeout: 5000 });
      return out.trim() || null;
    } catch {
      return null;
    }
  };
  const started = ask("lstart");
  if (started === null) return null;
  return { pid, started, exe: ask("comm") };
}

/**
 * The identity of the running process `pid`, or null when no such process runs. On a system with neither
 * /proc nor `ps` (Windows), a live process is returned with `started: null`.
 */
export function processIdentity(pid: number): ProcessIdentity | null {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  if (process.platform === "linux") return readLinux(pid);
  if (process.platform === "win32") return { pid, started: null, exe: null };
  return readPs(pid);
}

/** True while `pid` exists (also when it belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True when the process recorded as `recorded` still runs: same pid, same start time and, when both are known,
 * same executable. Where start times cannot be read (recorded `started: null`), liveness is all there is.
 */
export function isSameProcess(recorded: ProcessIdentity): boolean {
  const now = processIdentity(recorded.pid);
  if (!now) return false;
  if (recorded.started === null) return true;
  if (now.started !== recorded.started) return false;
  return recorded.exe === null || now.exe === null || now.exe === recorded.exe;
}

/** The command line of `pid` for messages, or null when it cannot be read. */
export function commandLineOf(pid: number): string | null {
  try {
    const line = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    if (line) return line;
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
