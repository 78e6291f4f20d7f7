// The API gateway of the local stack (what Kong is on :54321 under `supabase start`), one node:http server:
//   /rest/v1/*  → PostgREST (prefix stripped), bodies streamed both ways, status/status text/headers kept;
//   /auth/v1/*  → the in-process auth server (./auth), prefix stripped;
//   Authorization rewritten from the apikey like Kong (see mapAuthorization), CORS like Supabase,
//   502 {"message":"An invalid response was received from the upstream server"} when PostgREST is unreachable.
// Test/benchmark counters: GET /_stack/stats (JSON) and DELETE /_stack/stats (reset). They are answered only
// to clients on the loopback interface (127.0.0.0/8, ::1); anyone else gets the 404 an unknown path gets.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { DEFAULT_AUTH_CONFIG, type AuthConfig } from "./auth/config.ts";
import { authRouteLabel, createAuthServer } from "./auth/server.ts";
import { StatsRecorder, UNMATCHED_ROUTE, type Service } from "./gateway-stats.ts";
import type { MailSink } from "./mail-sink.ts";
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY, type SigningKeys } from "./keys.ts";
import { CORS_HEADERS, createUpstream, proxyRest, sendJson as send } from "./rest-proxy.ts";

export { StatsRecorder } from "./gateway-stats.ts";
export type { GatewayStats } from "./gateway-stats.ts";

export type GatewayOptions = {
  host: string;
  port: number;
  postgrestUrl: string;
  databaseUrl: string;
  signingKeys: SigningKeys;
  apiUrl: string;
  /** config.toml's [auth] (default: supabase start's defaults) and where Auth's mails go (default: nowhere). */
  authConfig?: AuthConfig;
  mailSink?: MailSink;
  /** How long an idle connection to PostgREST is kept (default UPSTREAM_IDLE_TIMEOUT_MS); 0: until PostgREST
   * closes it, for tests of the resend. */
  upstreamIdleTimeoutMs?: number;
  /** The Realtime endpoint (./realtime): gets /realtime/v1 requests and every websocket upgrade. */
  realtime?: {
    handleRequest(req: IncomingMessage, res: ServerResponse): void;
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  };
};

const NOT_FOUND = JSON.stringify({ message: "no Route matched with those values" });

const CORS_ALLOW_HEADERS = [
  "authorization",
  "x-client-info",
  "apikey",
  "content-type",
  "x-supabase-api-version",
  "accept-profile",
  "content-profile",
  "prefer",
  "range",
  "x-retry-count",
  "x-request-id",
  "accept",
  "x-upsert",
  "cache-control",
].join(", ");

const isJwt = (v: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(v);

/**
 * Kong's rewrite under `supabase start`: a non-`sb_` Authorization is kept; otherwise the secret key becomes the
 * service_role JWT, the publishable key the anon JWT, and a JWT apikey is used as the bearer token itself.
 */
export function mapAuthorization(headers: IncomingMessage["headers"]): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && auth !== "" && !/^bearer\s+sb_/i.test(auth)) return auth;
  const apikey = typeof headers.apikey === "string" ? headers.apikey.trim() : "";
  if (apikey === SECRET_KEY) return `Bearer ${SERVICE_ROLE_KEY}`;
  if (apikey === PUBLISHABLE_KEY) return `Bearer ${ANON_KEY}`;
  if (apikey !== "" && isJwt(apikey)) return `Bearer ${apikey}`;
  return typeof auth === "string" && auth !== "" ? auth : undefined;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

export async function startGateway(opts: GatewayOptions): Promise<{ url: string; close(): Promise<void> }> {
  const auth = await createAuthServer({
    databaseUrl: opts.databaseUrl,
    signingKeys: opts.signingKeys,
    apiUrl: opts.apiUrl,
    config: opts.authConfig ?? DEFAULT_AUTH_CONFIG,
    mailSink: opts.mailSink ?? null,
  });
  // Own keep-alive pool to PostgREST, destroyed by close().
  const upstream = createUpstream(opts.postgrestUrl, opts.upstreamIdleTimeoutMs);
  const stats = new StatsRecorder();

  // No CORS headers here: a web page open in the developer's browser (which connects from loopback too) must not
  // read or reset the counters.
  function handleStats(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === "GET") return send(res, 200, JSON.stringify(stats.snapshot()), {});
    if (req.method === "DELETE") {
      stats.reset();
      return send(res, 200, JSON.stringify({ reset: true }), {});
    }
    send(res, 405, JSON.stringify({ message: "Method Not Allowed" }), {});
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? "GET";
    const pathname = path.split("?")[0] ?? "/";
    // A label from the auth server's route table, so that made-up paths cannot grow the counters.
    const route = authRouteLabel(path) ?? UNMATCHED_ROUTE;
    // Kong forwards these three without the key rewrite.
    if (!/^\/(verify|callback|authorize)\/?$/.test(pathname)) {
      const authorization = mapAuthorization(req.headers);
      if (authorization) req.headers.authorization = authorization;
    }
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    res.on("finish", () => stats.response("auth", method, res.statusCode, route));
    await auth.handle(req, res, path);
  }

  const server = createServer((req, res) => {
    const rawUrl = req.url ?? "/";
    const requestId = typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined;
    try {
      if (req.method === "OPTIONS" && !rawUrl.startsWith("/_stack/")) {
        const requested = req.headers["access-control-request-headers"];
        res.writeHead(200, {
          ...CORS_HEADERS,
          "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
          "Access-Control-Allow-Headers": typeof requested === "string" && requested ? requested : CORS_ALLOW_HEADERS,
          "Access-Control-Max-Age": "3600",
          "Content-Length": "0",
        });
        res.end();
        return;
      }
      if (opts.realtime && /^\/realtime\/v1(?=\/|\?|$)/.test(rawUrl)) return opts.realtime.handleRequest(req, res);
      const match = /^\/(rest|auth)\/v1(?=\/|\?|$)(.*)$/.exec(rawUrl);
      if (match) {
        const service = match[1] as Service;
        const rest = match[2] ?? "";
        const path = rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
        stats.request(service, requestId);
        if (service === "rest") return proxyRest(req, res, upstream, path, mapAuthorization(req.headers), stats);
        handleAuth(req, res, path).catch(() => res.destroy());
        return;
      }
      if (/^\/_stack\/stats\/?(\?.*)?$/.test(rawUrl) && isLoopback(req.socket.remoteAddress))
        return handleStats(req, res);
      send(res, 404, NOT_FOUND);
    } catch {
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: "An unexpected error occurred" }));
      else res.destroy();
    }
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_err, socket) => socket.destroy());
  server.on("upgrade", (req, socket, head) =>
    opts.realtime ? opts.realtime.handleUpgrade(req, socket, head) : socket.destroy(),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    upstream.agent.destroy();
    await auth.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const hostForUrl = opts.host.includes(":") ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      upstream.agent.destroy();
      await closed;
      await auth.close();
    },
  };
}
