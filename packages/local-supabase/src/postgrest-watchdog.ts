// Polls the stack's process once a second; when it is gone (SIGKILL, OOM: no chance to stop PostgREST), ends
// PostgREST (TERM, then KILL after 3 s) and exits; it also exits when PostgREST does. Before each signal it checks
// that the pid still is that PostgREST (its start time in /proc, on Linux): PostgREST may have exited on its own
// and its pid gone to another process. POSIX only: on Windows the next start ends a PostgREST left behind (see
// stack-pid-file.ts).
import { spawn, type ChildProcess } from "node:child_process";
import type { ProcessIdentity } from "./process-identity.ts";

const WATCHDOG = `
is_postgrest() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -z "$2" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)" = "$2" ]
}
while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
if is_postgrest "$2" "$3"; then
  kill -TERM "$2" 2>/dev/null; sleep 3; is_postgrest "$2" "$3" && kill -KILL "$2" 2>/dev/null
fi
exit 0`;

/** Starts the watchdog for `postgrest` on behalf of `ownerPid` (this process by default); null on Windows. */
export function startWatchdog(postgrest: ProcessIdentity, ownerPid = process.pid): ChildProcess | null {
  if (process.platform === "win32") return null;
  // `<boot id>:<ticks>` on Linux: the script compares the ticks; elsewhere it has nothing to compare.
  const ticks = process.platform === "linux" && postgrest.started ? postgrest.started.split(":").pop()! : "";
  const args = [String(ownerPid), String(postgrest.pid), ticks];
  const child = spawn("/bin/sh", ["-c", WATCHDOG, "postgrest-watchdog", ...args], { stdio: "ignore" });
  child.once("error", () => {});
  child.unref();
  return child;
}
