// A PostgreSQL cluster of its own, as another project's `supabase start` would run one: initdb into a temporary
// folder, started with pg_ctl on the port given, trust authentication for `postgres`. Run as the `postgres` user
// when this process is root (PostgreSQL refuses to run as root).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export type ForeignPostgres = { url: string; version: string; stop(): Promise<void> };

/** The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<major>/bin; null if none. */
export function findPostgresBin(): string | null {
  try {
    const initdb = execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim();
    if (initdb) return join(initdb, "..");
  } catch {
    // not on PATH
  }
  const debian = "/usr/lib/postgresql";
  if (!existsSync(debian)) return null;
  const majors = readdirSync(debian)
    .filter((v) => existsSync(join(debian, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(debian, majors[0], "bin") : null;
}

export async function startForeignPostgres(bin: string, port: number): Promise<ForeignPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "foreign-postgres-"));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    await chown(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(bin, tool),
      asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args,
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      },
    );
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  const version = execFileSync(join(bin, "postgres"), ["--version"], { encoding: "utf8" }).trim();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop: async () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
