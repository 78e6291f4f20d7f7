// The load generator, run by scripts/bench/run.ts as a separate process so that it does not share an event loop
// with the stack: reads one job as JSON on stdin, prints its result as JSON on stdout.
//   autocannon job: bounded by `duration` seconds; bodies made per request (each needs its own client_message_id);
//   race job: `n` identical requests sent at once, each answer timed.
import autocannon, { type Result } from "autocannon";

export type Target =
  | { kind: "health" | "rest"; headers?: Record<string, string> }
  /** POST /api/messages/conversations where user i already has a conversation with agencies[i]. */
  | { kind: "existing"; tokens: string[]; agencies: string[] }
  /** POST /api/messages/conversations for a new (user, agency) pair each request. */
  | { kind: "create"; tokens: string[]; agencies: string[] }
  /** POST /rest/v1/messages?select=* as user i into conversations[i], returning the row, as the app's insert does. */
  | { kind: "rest-insert"; apikey: string; tokens: string[]; senders: string[]; conversations: string[] };

export type AutocannonJob = { mode: "autocannon"; url: string; connections: number; duration: number; target: Target };
export type RaceJob = {
  mode: "race";
  url: string;
  n: number;
  headers: Record<string, string>;
  body: string;
  requestIdPrefix: string;
};

export type AutocannonSummary = {
  p50: number;
  p99: number;
  average: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  /** create path: requests that had to reuse a pair because the run outlasted the pairs provided. */
  reusedPairs: number;
};
export type RaceSummary = { wallMs: number; statuses: Record<string, number>; failures: number; latencies: number[] };

function jsonPost(token: string, body: unknown) {
  return {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

async function runAutocannon(job: AutocannonJob): Promise<AutocannonSummary> {
  const target = job.target;
  let n = 0;
  let reusedPairs = 0;
  const base = { url: job.url, connections: job.connections, duration: job.duration, timeout: 30 };
  let result: Result;
  if (target.kind === "health" || target.kind === "rest") {
    result = await autocannon({ ...base, method: "GET", headers: target.headers ?? {} });
  } else if (target.kind === "rest-insert") {
    const url = new URL(job.url);
    result = await autocannon({
      ...base,
      requests: [
        {
          method: "POST",
          path: url.pathname + url.search,
          setupRequest: (request) => {
            const i = n++;
            const user = i % target.tokens.length;
            const body = {
              conversation_id: target.conversations[user],
              sender_id: target.senders[user],
              body: `Benchmark message ${i}`,
              client_message_id: crypto.randomUUID(),
            };
            const post = jsonPost(target.tokens[user]!, body);
            const headers = {
              ...post.headers,
              apikey: target.apikey,
              prefer: "return=representation",
              accept: "application/vnd.pgrst.object+json",
            };
            return { ...request, ...post, headers };
          },
        },
      ],
    });
  } else {
    const { tokens, agencies } = target as Extract<Target, { agencies: string[] }>;
    result = await autocannon({
      ...base,
      requests: [
        {
          method: "POST",
          path: new URL(job.url).pathname,
          setupRequest: (request) => {
            const i = n++;
            const user = i % tokens.length;
            let agency: string;
            if (target.kind === "existing") {
              agency = agencies[user]!;
            } else {
              let slot = Math.floor(i / tokens.length);
              if (slot >= agencies.length) {
                reusedPairs++;
                slot %= agencies.length;
              }
              agency = agencies[slot]!;
            }
            const body = {
              context_type: "agency_inquiry",
              context_id: agency,
              initial_message: `Benchmark message ${i}`,
              client_message_id: crypto.randomUUID(),
            };
            return { ...request, ...jsonPost(tokens[user]!, body) };
          },
        },
      ],
    });
  }
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(count);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    average: result.latency.average,
    rps: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    reusedPairs,
  };
}

async function runRace(job: RaceJob): Promise<RaceSummary> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.n }, async (_, i) => {
      const t0 = performance.now();
      try {
        const res = await fetch(job.url, {
          method: "POST",
          headers: { ...job.headers, "x-request-id": `${job.requestIdPrefix}${i}` },
          body: job.body,
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }),
  );
  return { wallMs: performance.now() - started, statuses, failures, latencies };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const job = JSON.parse(await readStdin()) as AutocannonJob | RaceJob;
const result = job.mode === "race" ? await runRace(job) : await runAutocannon(job);
process.stdout.write(JSON.stringify(result) + "\n");
