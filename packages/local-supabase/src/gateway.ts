// The API gateway of the local stack (what Kong is on :54321 under `supabase start`), one node:http server:
//   /rest/v1/*  → PostgREST (prefix stripped), bodies streamed both ways, status/status text/headers kept;
//   /auth/v1/*  → the in-process auth server (./auth), prefix stripped;
//   Authorization rewritten from the apikey like Kong (see mapAuthorization), CORS like Supabase,
//   502 {"message":"An invalid response was received from the upstream server"} when PostgREST is unreachable.
// Test/benchmark counters: GET /_stack/stats (JSON) and DELETE /_stack/stats (reset). They are answered only
// to clients on the loopback interface (127.0.0.0/8, ::1); anyone else gets the 404 an unknown path gets.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
  type OutgoingHttpHeaders,
} from "node:http";
import type { Socket } from "node:net";
import { DEFAULT_AUTH_CONFIG, type AuthConfig } from "./auth/config.ts";
import { createAuthServer } from "./auth/server.ts";
import type { MailSink } from "./mail-sink.ts";
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY, type SigningKeys } from "./keys.ts";

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
};

type Service = "rest" | "auth";

type ServiceStats = {
  total: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  /** "GET 200" → n */
  byMethodStatus: Record<string, number>;
  /** auth only: "GET /user" → n (paths without query); rest paths are too varied to keep. */
  byRoute: Record<string, number>;
};

export type GatewayStats = {
  since: string;
  services: Record<Service, ServiceStats>;
  /** PostgREST 409 responses per body `code`, e.g. {"23505": 3}. */
  conflicts: Record<string, number>;
  /** Requests carrying `x-request-id`, per id and service (the latest MAX_REQUEST_IDS ids). */
  byRequestId: Record<string, Partial<Record<Service, number>>>;
};

const MAX_REQUEST_IDS = 10_000;
const MAX_ERROR_BODY = 8 * 1024;
const UPSTREAM_ERROR = JSON.stringify({ message: "An invalid response was received from the upstream server" });
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
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "Content-Range, Content-Location, Preference-Applied, X-Supabase-Api-Version, x-sb-error-code, X-Total-Count, Link",
};

function emptyServiceStats(): ServiceStats {
  return { total: 0, byMethod: {}, byStatus: {}, byMethodStatus: {}, byRoute: {} };
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** The counters behind /_stack/stats. */
export class StatsRecorder {
  private stats: GatewayStats = StatsRecorder.empty();
  private requestIds = new Map<string, Partial<Record<Service, number>>>();

  static empty(): GatewayStats {
    return {
      since: new Date().toISOString(),
      services: { rest: emptyServiceStats(), auth: emptyServiceStats() },
      conflicts: {},
      byRequestId: {},
    };
  }

  request(service: Service, requestId: string | undefined): void {
    if (!requestId) return;
    let entry = this.requestIds.get(requestId);
    if (entry) {
      this.requestIds.delete(requestId); // re-insert: Map order = recency
    } else {
      entry = {};
      if (this.requestIds.size >= MAX_REQUEST_IDS) {
        const oldest = this.requestIds.keys().next().value;
        if (oldest !== undefined) this.requestIds.delete(oldest);
      }
    }
    entry[service] = (entry[service] ?? 0) + 1;
    this.requestIds.set(requestId, entry);
  }

  response(service: Service, method: string, status: number, route?: string): void {
    const s = this.stats.services[service];
    s.total += 1;
    bump(s.byMethod, method);
    bump(s.byStatus, String(status));
    bump(s.byMethodStatus, `${method} ${status}`);
    if (route) bump(s.byRoute, `${method} ${route}`);
  }

  conflict(code: string): void {
    bump(this.stats.conflicts, code);
  }

  snapshot(): GatewayStats {
    return { ...this.stats, byRequestId: Object.fromEntries(this.requestIds) };
  }

  reset(): void {
    this.stats = StatsRecorder.empty();
    this.requestIds.clear();
  }
}

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

function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = CORS_HEADERS): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "host",
]);

type Upstream = { url: URL; agent: Agent };

function proxyRest(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  path: string,
  stats: StatsRecorder,
): void {
  const method = req.method ?? "GET";
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  const authorization = mapAuthorization(req.headers);
  if (authorization) headers.authorization = authorization;
  else delete headers.authorization;
  headers.host = upstream.url.host;
  headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
  headers["x-forwarded-proto"] = "http";

  const basePath = upstream.url.pathname.replace(/\/+$/, "");
  const options = {
    protocol: upstream.url.protocol,
    hostname: upstream.url.hostname,
    port: upstream.url.port,
    agent: upstream.agent,
    method,
    path: basePath + (path.startsWith("/") ? path : `/${path}`),
    headers,
  };
  const bodyless = method === "GET" || method === "HEAD";

  const send502 = () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    stats.response("rest", method, 502);
    send(res, 502, UPSTREAM_ERROR);
  };

  const attempt = (mayRetry: boolean) => {
    const upstreamReq = httpRequest(options);
    upstreamReq.on("response", (upstreamRes) => relayResponse(upstreamRes, res, method, stats));
    upstreamReq.on("error", (err: NodeJS.ErrnoException) => {
      // A kept-alive socket PostgREST closed just as we reused it: retry once (bodyless requests only).
      if (mayRetry && upstreamReq.reusedSocket && err.code === "ECONNRESET" && !res.headersSent) return attempt(false);
      send502();
    });
    res.on("close", () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    if (bodyless) upstreamReq.end();
    else req.pipe(upstreamReq);
  };
  attempt(bodyless);
}

function relayResponse(upstreamRes: IncomingMessage, res: ServerResponse, method: string, stats: StatsRecorder): void {
  const status = upstreamRes.statusCode ?? 502;
  const outHeaders: OutgoingHttpHeaders = { ...CORS_HEADERS };
  for (const [name, value] of Object.entries(upstreamRes.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) outHeaders[name] = value;
  }
  res.writeHead(status, upstreamRes.statusMessage, outHeaders);
  // 409 bodies are small JSON errors: keep up to MAX_ERROR_BODY bytes while streaming to count `code`.
  const captured: Buffer[] = [];
  let capturedBytes = 0;
  if (status === 409) {
    upstreamRes.on("data", (chunk: Buffer) => {
      if (capturedBytes <= MAX_ERROR_BODY) captured.push(chunk);
      capturedBytes += chunk.length;
    });
  }
  upstreamRes.pipe(res);
  upstreamRes.on("end", () => {
    stats.response("rest", method, status);
    if (status !== 409) return;
    let code = "unknown";
    if (capturedBytes <= MAX_ERROR_BODY) {
      try {
        const body = JSON.parse(Buffer.concat(captured).toString("utf8")) as { code?: unknown };
        if (typeof body.code === "string") code = body.code;
      } catch {
        // not JSON: counted as "unknown"
      }
    }
    stats.conflict(code);
  });
  upstreamRes.on("error", () => res.destroy());
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
  const upstream: Upstream = { url: new URL(opts.postgrestUrl), agent: new Agent({ keepAlive: true, maxSockets: 64 }) };
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
    // Kong forwards these three without the key rewrite.
    if (!/^\/(verify|callback|authorize)\/?$/.test(pathname)) {
      const authorization = mapAuthorization(req.headers);
      if (authorization) req.headers.authorization = authorization;
    }
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    res.on("finish", () => {
      const route = pathname.startsWith("/admin/users/") ? "/admin/users/:id" : pathname;
      stats.response("auth", method, res.statusCode, route);
    });
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
      const match = /^\/(rest|auth)\/v1(?=\/|\?|$)(.*)$/.exec(rawUrl);
      if (match) {
        const service = match[1] as Service;
        const rest = match[2] ?? "";
        const path = rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
        stats.request(service, requestId);
        if (service === "rest") return proxyRest(req, res, upstream, path, stats);
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
