// /rest/v1 → PostgREST over a pool of kept-alive connections. Status, status text, headers and bodies are passed
// on; a request whose kept-alive connection fails before any byte of the answer is sent again, so that PostgREST
// closing an idle connection just as it is reused never reaches the client as a 502.
import {
  Agent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { StatsRecorder } from "./gateway-stats.ts";
import { hasBody, readBodyUpTo } from "./request-body.ts";

/**
 * How long an idle connection to PostgREST is kept. PostgREST (12 and later) runs on Warp with Warp's default
 * `settingsTimeout` of 30 s: a connection with no network progress for 30 s (up to twice that) is closed, idle
 * keep-alive connections included, and PostgREST has no setting for it. Ours must run out first.
 */
export const UPSTREAM_IDLE_TIMEOUT_MS = 15_000;
const MAX_UPSTREAM_SOCKETS = 64;
/** Bodies up to this size are kept to be sent again: the API's body cap (Auth's, and ten times the app's). */
export const RETRY_BODY_LIMIT = 1024 * 1024;
/** What a connection closed by the other side reports when we write to it or wait on it. */
const RETRYABLE = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

export const UPSTREAM_ERROR = JSON.stringify({ message: "An invalid response was received from the upstream server" });

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "Content-Range, Content-Location, Preference-Applied, X-Supabase-Api-Version, x-sb-error-code, X-Total-Count, Link",
};

const MAX_ERROR_BODY = 8 * 1024;

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

export type Upstream = { url: URL; agent: Agent };

/** `idleTimeoutMs: 0` keeps idle connections until PostgREST closes them (only tests want that). */
export function createUpstream(postgrestUrl: string, idleTimeoutMs = UPSTREAM_IDLE_TIMEOUT_MS): Upstream {
  // Agent's `timeout` is the socket's inactivity timeout; the agent destroys a free socket when it fires and
  // leaves sockets in use alone (a slow query is not cut short).
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_UPSTREAM_SOCKETS, timeout: idleTimeoutMs || undefined });
  return { url: new URL(postgrestUrl), agent };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = CORS_HEADERS,
): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function proxyRest(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  path: string,
  authorization: string | undefined,
  stats: StatsRecorder,
): void {
  const method = req.method ?? "GET";
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
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

  let current: ReturnType<typeof httpRequest> | null = null;
  let clientGone = false;
  res.on("close", () => {
    if (res.writableFinished) return;
    clientGone = true;
    current?.destroy();
  });

  const send502 = () => {
    if (clientGone) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    stats.response("rest", method, 502);
    sendJson(res, 502, UPSTREAM_ERROR);
  };

  /** `body`: null for none, a Buffer to send (again if need be), or the head of a body too large to keep. */
  const attempt = (body: Buffer | Buffer[] | null, attemptsLeft: number) => {
    if (clientGone) return;
    if (Buffer.isBuffer(body)) headers["content-length"] = body.length;
    let answered = false;
    const upstreamReq = httpRequest(options);
    current = upstreamReq;
    upstreamReq.on("response", (upstreamRes) => {
      answered = true;
      relayResponse(upstreamRes, res, method, stats);
    });
    upstreamReq.on("error", (err: NodeJS.ErrnoException) => {
      // The connection was one PostgREST had closed (idle) as we reused it: nothing of the request reached
      // PostgREST's handler, so it is sent again, as a browser does (a fresh connection when the pool is empty).
      const resend =
        !answered &&
        upstreamReq.reusedSocket &&
        RETRYABLE.has(err.code ?? "") &&
        !Array.isArray(body) &&
        attemptsLeft > 0 &&
        !clientGone;
      if (!resend) return send502();
      stats.upstreamRetry(err.code ?? "unknown");
      attempt(body, attemptsLeft - 1);
    });
    if (body === null) upstreamReq.end();
    else if (Buffer.isBuffer(body)) upstreamReq.end(body);
    else {
      for (const chunk of body) upstreamReq.write(chunk);
      req.pipe(upstreamReq);
    }
  };

  // Each failed reused connection leaves the pool, so a request meets at most the pool's size of them.
  const maxResends = MAX_UPSTREAM_SOCKETS;
  if (!hasBody(req)) return attempt(null, maxResends);
  void readBodyUpTo(req, RETRY_BODY_LIMIT).then((read) => {
    if (read === null) return;
    attempt(read.complete ? read.body : read.head, maxResends);
  });
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
