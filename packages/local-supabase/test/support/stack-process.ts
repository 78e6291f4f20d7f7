// A stack in a process of its own, for tests that kill it: `node stack-process.ts <dataDir> <workdir> <ports JSON>`.
// Prints one JSON line {apiUrl, dbUrl} on stdout when the stack is up; stops on SIGTERM; plain errors are one line.
import { isPlainError, startStack } from "../../src/index.ts";

const [dataDir, workdir, ports] = process.argv.slice(2);
try {
  const stack = await startStack({
    dataDir,
    workdir,
    ports: JSON.parse(ports ?? "{}") as { api: number; rest: number; db: number },
    log: (line) => process.stderr.write(`[stack] ${line}\n`),
  });
  process.on("SIGTERM", () => void stack.stop().then(() => process.exit(0)));
  process.stdout.write(JSON.stringify({ apiUrl: stack.apiUrl, dbUrl: stack.dbUrl }) + "\n");
  setInterval(() => {}, 60_000);
} catch (err) {
  process.stderr.write(`${isPlainError(err) ? err.message : String((err as Error).stack ?? err)}\n`);
  process.exit(1);
}
