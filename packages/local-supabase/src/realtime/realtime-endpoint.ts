// The stack's Supabase Realtime endpoint (Broadcast only), mounted on the gateway:
//   /realtime/v1/websocket?apikey=…&vsn=2.0.0|1.0.0   the websocket supabase-js connects to;
//   POST /realtime/v1/api/broadcast                    the REST broadcast;
//   GET /realtime/v1/_stack/stats                      sockets, channels, broadcasts, deliveries (loopback only).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import pg from "pg";
import { WebSocketServer } from "ws";
import type { SigningKeys } from "../keys.ts";
import { handleBroadcastApi } from "./broadcast-api.ts";
import { startDatabaseBroadcasts } from "./database-broadcasts.ts";
import { SUPPORTED_VSNS, type Vsn } from "./frames.ts";
import { RealtimeSocket } from "./realtime-socket.ts";
import { TopicHub, type RealtimeStats } from "./topic-hub.ts";
import { createTokenVerifier, tokenForKey } from "./verify-token.ts";

export type RealtimeOptions = {
  /** Superuser connection string of the stack's database. */
  databaseUrl: string;
  /** PGlite: notifications come through notified() instead of a LISTEN connection. */
  embedded: boolean;
  signingKeys: SigningKeys;
  /** Close sockets that send nothing for this long (Phoenix's default websocket timeout: 60 s). */
  idleTimeoutMs?: number;
  log?: (line: string) => void;
};

export type RealtimeEndpoint = {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** The embedded database's notifications on `realtime_local_broadcast`. */
  notified(id: string): void;
  stats(): RealtimeStats;
  close(): Promise<void>;
};

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const MAX_FRAME_BYTES = 3 * 1024 * 1024;

function refuseUpgrade(socket: Duplex, status: number, reason: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

const isLoopback = (a: string | undefined) =>
  a === "::1" || (a?.startsWith("127.") ?? false) || (a?.startsWith("::ffff:127.") ?? false);

export async function startRealtime(opts: RealtimeOptions): Promise<RealtimeEndpoint> {
  const log = opts.log ?? (() => {});
  const hub = new TopicHub();
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.embedded ? 2 : 4 });
  pool.on("error", () => {}); // an idle client lost with the database; the next query reconnects
  const verify = await createTokenVerifier(opts.signingKeys);
  const feed = await startDatabaseBroadcasts({
    pool,
    listenUrl: opts.embedded ? undefined : opts.databaseUrl,
    publish: (isPrivate, b) => hub.publish(isPrivate, b),
    log,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const deps = { hub, pool, verify, idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, log };

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!/^\/realtime\/v1\/websocket\/?$/.test(url.pathname))
      return refuseUpgrade(socket, 404, "Not Found", "no Route matched with those values");
    const vsn = (url.searchParams.get("vsn") ?? "1.0.0") as Vsn;
    if (!SUPPORTED_VSNS.includes(vsn))
      return refuseUpgrade(socket, 403, "Forbidden", `Unsupported serializer version: ${vsn}`);
    const header = req.headers["x-api-key"];
    const apikey = typeof header === "string" ? header : url.searchParams.get("apikey");
    if (!apikey) return refuseUpgrade(socket, 401, "Unauthorized", "API key is missing");
    const verified = await verify(apikey);
    if (!verified.ok) return refuseUpgrade(socket, 401, "Unauthorized", verified.message);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (name.startsWith("x-") && typeof value === "string") headers[name] = value;
    wss.handleUpgrade(req, socket, head, (ws) => {
      new RealtimeSocket(ws, vsn, tokenForKey(apikey), headers, deps);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      upgrade(req, socket, head).catch((err: Error) => {
        log(`realtime: upgrade failed: ${err.message}`);
        socket.destroy();
      });
    },
    handleRequest(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (path === "/realtime/v1/api/broadcast") {
        handleBroadcastApi(req, res, deps).catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
        return;
      }
      if (path === "/realtime/v1/_stack/stats" && req.method === "GET" && isLoopback(req.socket.remoteAddress)) {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(hub.stats()));
        return;
      }
      res
        .writeHead(404, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" })
        .end(JSON.stringify({ message: "no Route matched with those values" }));
    },
    notified: (id) => feed.notified(id),
    stats: () => hub.stats(),
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await feed.close();
      await pool.end().catch(() => {});
    },
  };
}
