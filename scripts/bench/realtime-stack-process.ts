// The local stack in a process of its own for the Realtime fan-out benchmark:
// `node realtime-stack-process.ts <databaseUrl> <dataDir>`; prints {apiUrl, dbUrl} as one JSON line when up,
// stops on SIGTERM.
import { startStack } from "local-supabase";

const [databaseUrl, dataDir] = process.argv.slice(2);
const stack = await startStack({ databaseUrl, dataDir, ports: "auto" });
process.on("SIGTERM", () => void stack.stop().then(() => process.exit(0)));
process.stdout.write(JSON.stringify({ apiUrl: stack.apiUrl, dbUrl: stack.dbUrl }) + "\n");
setInterval(() => {}, 60_000);
