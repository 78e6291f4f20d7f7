// The gateway against a tiny upstream that closes kept-alive connections the way PostgREST (Warp) does when
// they idled too long: a request that arrives on such a connection is never answered. The gateway must send it
// again (any method, bodies up to RETRY_BODY_LIMIT), answer 502 only when PostgREST really is unreachable, and
// drop idle connections itself before PostgREST would.
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GatewayStats } from "./gateway-stats.ts";
import { startGateway } from "./gateway.ts";
import { SECRET_KEY, loadSigningKeys, type SigningKeys } from "./keys.ts";
import { RETRY_BODY_LIMIT } from "./rest-proxy.ts";

type Upstream = { url: string; server: Server; received: { method: string; body: string; connection: number }[] };

/** Answers 201 with the request's body; `dropReused` kills a connection when a second request arrives on it. */
async function startUpstream(behaviour: "dropReused" | "dropAll" | "answer"): Promise<Upstream> {
  const received: Upstream["received"] = [];
  const requestsOn = new WeakMap<Socket, number>();
  const ids = new WeakMap<Socket, number>();
  let connections = 0;
  const server = createServer((req, res) => {
    const socket = req.socket;
    const seen = (requestsOn.get(socket) ?? 0) + 1;
    requestsOn.set(socket, seen);
    if (behaviour === "dropAll" || (behaviour === "dropReused" && seen > 1)) {
      socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", body, connection: ids.get(socket) ?? 0 });
      res.writeHead(201, { "content-type": "application/json" }).end(body);
    });
  });
  server.on("connection", (socket) => ids.set(socket, ++connections));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, received };
}

let dir: string;
let signingKeys: SigningKeys;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gw-proxy-"));
  signingKeys = await loadSigningKeys(dir);
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function gatewayTo(upstream: Upstream, upstreamIdleTimeoutMs = 0) {
  const gw = await startGateway({
    host: "127.0.0.1",
    port: 0,
    postgrestUrl: upstream.url,
    // The auth server is not used here; its pool connects only when a query runs.
    databaseUrl: "postgresql://postgres:postgres@127.0.0.1:1/none",
    signingKeys,
    apiUrl: "http://127.0.0.1",
    upstreamIdleTimeoutMs,
  });
  closers.push(() => new Promise<void>((r) => upstream.server.close(() => r())), gw.close);
  return gw;
}

const stats = async (url: string) => (await (await fetch(`${url}/_stack/stats`)).json()) as GatewayStats;
const post = (url: string, body: string, method = "POST") =>
  fetch(`${url}/rest/v1/notes`, { method, headers: { apikey: SECRET_KEY, "content-type": "application/json" }, body });

describe("a kept-alive connection the upstream closed as it was reused", () => {
  it.each(["POST", "PATCH", "DELETE"])("a %s is sent again on a fresh connection and answered", async (method) => {
    const upstream = await startUpstream("dropReused");
    const gw = await gatewayTo(upstream);
    const first = await post(gw.url, '{"body":"first"}', method);
    expect(first.status).toBe(201);
    await first.text();
    // The gateway reuses its idle connection, which the upstream drops without answering.
    const second = await post(gw.url, '{"body":"second"}', method);
    expect(second.status).toBe(201);
    expect(await second.text()).toBe('{"body":"second"}');
    expect(upstream.received).toEqual([
      { method, body: '{"body":"first"}', connection: 1 },
      { method, body: '{"body":"second"}', connection: 2 },
    ]);
    const s = await stats(gw.url);
    expect(s.upstreamRetries).toEqual({ ECONNRESET: 1 });
    expect(s.services.rest.byStatus).toEqual({ "201": 2 });
  });

  it("a GET too", async () => {
    const upstream = await startUpstream("dropReused");
    const gw = await gatewayTo(upstream);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${gw.url}/rest/v1/notes`);
      expect(res.status).toBe(201);
      await res.text();
    }
    expect(upstream.received.map((r) => r.connection)).toEqual([1, 2]);
    expect((await stats(gw.url)).upstreamRetries).toEqual({ ECONNRESET: 1 });
  });

  it("a body of RETRY_BODY_LIMIT bytes, sent chunked, is kept and sent again", async () => {
    const upstream = await startUpstream("dropReused");
    const gw = await gatewayTo(upstream);
    await (await post(gw.url, "warm-up")).text();
    const body = "x".repeat(RETRY_BODY_LIMIT);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(body);
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${gw.url}/rest/v1/notes`, {
      method: "POST",
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(201);
    expect((await res.text()).length).toBe(RETRY_BODY_LIMIT);
    expect((await stats(gw.url)).upstreamRetries).toEqual({ ECONNRESET: 1 });
  });

  it("a body over RETRY_BODY_LIMIT is streamed, not kept: it gets the 502", async () => {
    const upstream = await startUpstream("dropReused");
    const gw = await gatewayTo(upstream);
    await (await post(gw.url, "warm-up")).text();
    const res = await post(gw.url, "x".repeat(RETRY_BODY_LIMIT + 1));
    expect(res.status).toBe(502);
    const s = await stats(gw.url);
    expect(s.upstreamRetries).toEqual({});
    expect(s.services.rest.byMethodStatus["POST 502"]).toBe(1);
  });
});

it("a fresh connection that fails is not retried: 502, and the gateway keeps serving", async () => {
  const upstream = await startUpstream("dropAll");
  const gw = await gatewayTo(upstream);
  const res = await post(gw.url, '{"body":"x"}');
  expect(res.status).toBe(502);
  expect(await res.json()).toEqual({ message: "An invalid response was received from the upstream server" });
  expect((await stats(gw.url)).upstreamRetries).toEqual({});
  expect((await fetch(`${gw.url}/auth/v1/health`)).status).toBe(200);
});

it("closes an idle upstream connection after upstreamIdleTimeoutMs", async () => {
  const upstream = await startUpstream("answer");
  const gw = await gatewayTo(upstream, 300);
  const closed = new Promise<number>((resolve) =>
    upstream.server.once("connection", (socket: Socket) => socket.once("close", () => resolve(Date.now()))),
  );
  const res = await post(gw.url, "{}");
  await res.text();
  const answeredAt = Date.now();
  const closedAt = await closed;
  expect(closedAt - answeredAt).toBeGreaterThanOrEqual(250);
  expect(closedAt - answeredAt).toBeLessThan(10_000);
});

it("made-up /auth/v1 paths are counted under one route, not one each", async () => {
  const upstream = await startUpstream("answer");
  const gw = await gatewayTo(upstream);
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${gw.url}/auth/v1/made-up-${i}?x=${i}`);
    expect(res.status).toBe(404);
    await res.text();
  }
  await (await fetch(`${gw.url}/auth/v1/health/`)).text();
  await (await fetch(`${gw.url}/auth/v1/admin/users/${crypto.randomUUID()}`)).text();
  expect((await stats(gw.url)).services.auth.byRoute).toEqual({
    "GET (no route)": 300,
    "GET /health": 1,
    "GET /admin/users/:id": 1,
  });
});
