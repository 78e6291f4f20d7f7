// Preloaded into `next start` by the bench (NODE_OPTIONS=--import): appends one JSON line per outgoing fetch
// whose `x-request-id` starts with CAPTURE_PREFIX to the file in BENCH_CAPTURE_FILE, so the pages phase learns
// the exact PostgREST reads a page made and can replay them raw. Every other request costs one string test.
import { appendFileSync } from "node:fs";
import { subscribe } from "node:diagnostics_channel";

export const CAPTURE_PREFIX = "pages-capture-";
const file = process.env.BENCH_CAPTURE_FILE;

type UndiciRequest = { method: string; origin: string; path: string; headers: string | string[] };

function requestIdOf(headers: string | string[]): string | null {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === "x-request-id") return String(headers[i + 1]);
    }
    return null;
  }
  return /^x-request-id:\s*(\S+)\s*$/im.exec(headers)?.[1] ?? null;
}

if (file) {
  subscribe("undici:request:create", (message) => {
    const { request } = message as { request: UndiciRequest };
    const id = requestIdOf(request.headers);
    if (!id?.startsWith(CAPTURE_PREFIX)) return;
    appendFileSync(
      file,
      JSON.stringify({ id, method: request.method, url: `${request.origin}${request.path}` }) + "\n",
    );
  });
}
