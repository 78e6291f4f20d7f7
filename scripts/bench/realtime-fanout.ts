// `npm run bench:realtime` (needs DATABASE_URL; run under flock /tmp/heavy.lock): Broadcast from the database
// through the local stack's Realtime endpoint. BENCH_SOCKETS websockets (default 2000; vsn 2.0.0, private
// channels authorised by an RLS policy) join BENCH_TOPICS conversation topics (1000); realtime.send() runs
// BENCH_RATE times a second (200) for BENCH_SECONDS seconds (20) from a pool of connections; each receipt's
// latency is now − the send's start (both clocks in this process).
// The stack runs in a child process. Prints p50/p90/p99/max and the deliveries counted by both ends.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { WebSocket } from "ws";
import { PUBLISHABLE_KEY, createThrowawayDatabase, createUser, withClient } from "local-supabase";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const TOPICS = Number(process.env.BENCH_TOPICS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("bench:realtime needs DATABASE_URL (a PostgreSQL server; a throwaway database is made on it)");
  process.exit(1);
}

const now = () => performance.timeOrigin + performance.now();
const database = await createThrowawayDatabase(serverUrl, "rt_bench");
const dataDir = await mkdtemp(join(tmpdir(), "rt-bench-"));
const stackProcess = spawn(
  process.execPath,
  [fileURLToPath(new URL("./realtime-stack-process.ts", import.meta.url)), database.url, dataDir],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const sockets: WebSocket[] = [];
try {
  const { apiUrl, dbUrl } = await new Promise<{ apiUrl: string; dbUrl: string }>((resolve, reject) => {
    let out = "";
    stackProcess.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as { apiUrl: string; dbUrl: string });
    });
    stackProcess.once("exit", (code) => reject(new Error(`stack exited (${code})`)));
  });
  await withClient(dbUrl, (c) =>
    c.query(`create policy bench_read on realtime.messages for select to authenticated
             using ((select realtime.topic()) like 'bench:%')`),
  );
  const user = await createUser(apiUrl, "rt-bench");

  const latencies: number[] = [];
  const sendLatencies: number[] = [];
  const receipts: Array<[seq: number, at: number]> = [];
  const committedAt: number[] = [];
  let received = 0;
  const wsUrl = `${apiUrl.replace("http", "ws")}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=2.0.0`;
  const openSocket = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      sockets.push(ws);
      const topic = `realtime:bench:conv-${i % TOPICS}`;
      ws.once("error", reject);
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          const [, ref, , event, payload] = JSON.parse(data.toString()) as [
            unknown,
            string,
            string,
            string,
            { status?: string },
          ];
          if (event === "phx_reply" && ref === "join") {
            if (payload.status === "ok") resolve();
            else reject(new Error(JSON.stringify(payload)));
          }
          return;
        }
        // kind 4: sizes of topic, event, metadata at bytes 1–3, encoding at 4, then the strings and the payload.
        const start = 5 + data[1]! + data[2]! + data[3]!;
        const { t: sentAt, s: seq } = JSON.parse(data.subarray(start).toString()) as { t: number; s: number };
        const receivedAt = now();
        latencies.push(receivedAt - sentAt);
        receipts.push([seq, receivedAt]);
        received += 1;
      });
      ws.once("open", () =>
        ws.send(
          JSON.stringify([
            "join",
            "join",
            topic,
            "phx_join",
            { config: { private: true }, access_token: user.accessToken },
          ]),
        ),
      );
    });
  const joinStarted = now();
  for (let i = 0; i < SOCKETS; i += 100)
    await Promise.all(Array.from({ length: Math.min(100, SOCKETS - i) }, (_, k) => openSocket(i + k)));
  console.log(`${SOCKETS} sockets joined ${TOPICS} private topics in ${Math.round(now() - joinStarted)} ms`);
  const heartbeat = setInterval(() => {
    for (const ws of sockets) ws.send(JSON.stringify([null, "hb", "phoenix", "heartbeat", {}]));
  }, 20_000);

  const pool = new pg.Pool({ connectionString: dbUrl, max: 8 });
  let sent = 0;
  let failed = 0;
  const total = RATE * SECONDS;
  const loadStarted = now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((now() - loadStarted) / 1000) * RATE));
      while (sent < due) {
        const topic = `bench:conv-${sent % TOPICS}`;
        const started = now();
        const seq = sent;
        pool
          .query("select realtime.send(jsonb_build_object('t', $1::float8, 's', $3::int), 'message', $2, true)", [
            started,
            topic,
            seq,
          ])
          .then(() => {
            committedAt[seq] = now();
            sendLatencies.push(committedAt[seq] - started);
          })
          .catch(() => (failed += 1));
        sent += 1;
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const expected = total * (SOCKETS / TOPICS);
  const deadline = now() + 10_000;
  while (received < expected && now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const elapsed = (now() - loadStarted) / 1000;
  clearInterval(heartbeat);
  await pool.end();

  const percentiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
    return { p50: +at(50).toFixed(1), p90: +at(90).toFixed(1), p99: +at(99).toFixed(1), max: +at(100).toFixed(1) };
  };
  const stats = (await (await fetch(`${apiUrl}/realtime/v1/_stack/stats`)).json()) as Record<string, number>;
  console.log(
    JSON.stringify(
      {
        sockets: SOCKETS,
        topics: TOPICS,
        sendsPerSecond: RATE,
        seconds: SECONDS,
        sends: total,
        failedSends: failed,
        expectedDeliveries: expected,
        received,
        serverStats: stats,
        sendToReceiptMs: percentiles(latencies),
        /** realtime.send() round trip alone (query sent → committed), for comparison. */
        sendQueryMs: percentiles(sendLatencies),
        /**
         * Receipt − the moment the send's query returned: what the endpoint adds after commit (NOTIFY goes out at
         * commit, before the answer reaches the sender, so it can be negative).
         */
        afterCommitMs: percentiles(
          receipts.filter(([seq]) => committedAt[seq] !== undefined).map(([seq, at]) => at - committedAt[seq]!),
        ),
        wallSeconds: +elapsed.toFixed(1),
      },
      null,
      2,
    ),
  );
} finally {
  for (const ws of sockets) ws.terminate();
  stackProcess.kill("SIGTERM");
  await new Promise((r) => stackProcess.once("exit", r));
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
