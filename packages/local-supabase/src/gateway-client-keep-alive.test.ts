// Clients must never send on a connection the gateway has closed. fetch in Node (undici, which the Next.js server's
// Supabase clients use) reads the gateway's `Keep-Alive: timeout=N` and drops an idle connection 2 s before N; so
// the gateway must keep an idle connection open at least the N seconds it announces.
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway } from "./gateway.ts";
import { loadSigningKeys } from "./keys.ts";

let dir: string;
let gateway: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gw-keep-alive-"));
  gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    postgrestUrl: "http://127.0.0.1:1",
    databaseUrl: "postgresql://postgres:postgres@127.0.0.1:1/none",
    signingKeys: await loadSigningKeys(dir),
    apiUrl: "http://127.0.0.1",
  });
});
afterAll(async () => {
  await gateway?.close();
  await rm(dir, { recursive: true, force: true });
});

it("keeps an idle client connection open at least as long as its Keep-Alive header says", async () => {
  const { hostname, port } = new URL(gateway.url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  socket.write(`GET /auth/v1/health HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  const [head] = (await once(socket, "data")) as [Buffer];
  const answeredAt = Date.now();
  const announced = /\r\nkeep-alive: timeout=(\d+)/i.exec(head.toString("latin1"));
  expect(head.toString("latin1")).toMatch(/^HTTP\/1\.1 200 /);
  expect(announced).not.toBeNull();
  const seconds = Number(announced![1]);
  // undici keeps a connection for the announced time minus 2 s; nothing shorter than that leaves it any.
  expect(seconds).toBeGreaterThan(2);
  await once(socket, "end");
  const closedAfter = Date.now() - answeredAt;
  socket.destroy();
  expect(closedAfter).toBeGreaterThanOrEqual(seconds * 1000 - 50);
});
