// The Supabase-Auth (GoTrue) compatible server: routes a request (path already stripped of /auth/v1) to its handler.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SigningKeys } from "../keys.ts";
import type { AuthContext, AuthHandler } from "./context.ts";
import { AuthError, sendAuthError } from "./errors.ts";
import { adminUsers } from "./handlers/admin.ts";
import { logout } from "./handlers/logout.ts";
import { health, jwks, settings } from "./handlers/meta.ts";
import { signup } from "./handlers/signup.ts";
import { token } from "./handlers/token.ts";
import { recover } from "./handlers/recover.ts";
import { resend } from "./handlers/resend.ts";
import { getUserHandler, updateUserHandler } from "./handlers/user.ts";
import { verify } from "./handlers/verify.ts";
import type { MailSink } from "../mail-sink.ts";
import type { AuthConfig } from "./config.ts";
import { createMailer } from "./mailer.ts";
import { createAuthLimiters } from "./rate-limit.ts";
import { createPool } from "./store.ts";
import { createTokenService } from "./tokens.ts";

export type AuthServer = {
  /** Handles one request; `path` is the path + query below /auth/v1 (e.g. "/token?grant_type=password"). */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  close(): Promise<void>;
};

/** `label` names the route in the gateway's counters (a fixed set, whatever paths clients send). */
type Route = { method: string; path: string | RegExp; label: string; handler: AuthHandler };

const ROUTES: Route[] = [
  { method: "POST", path: "/token", label: "/token", handler: token },
  { method: "GET", path: "/user", label: "/user", handler: getUserHandler },
  { method: "PUT", path: "/user", label: "/user", handler: updateUserHandler },
  { method: "GET", path: "/verify", label: "/verify", handler: verify },
  { method: "POST", path: "/verify", label: "/verify", handler: verify },
  { method: "POST", path: "/recover", label: "/recover", handler: recover },
  { method: "POST", path: "/resend", label: "/resend", handler: resend },
  { method: "POST", path: "/logout", label: "/logout", handler: logout },
  { method: "POST", path: "/signup", label: "/signup", handler: signup },
  { method: "GET", path: "/.well-known/jwks.json", label: "/.well-known/jwks.json", handler: jwks },
  { method: "GET", path: "/health", label: "/health", handler: health },
  { method: "GET", path: "/settings", label: "/settings", handler: settings },
  { method: "*", path: /^\/admin\/users\/?$/, label: "/admin/users", handler: adminUsers },
  { method: "*", path: /^\/admin\/users\/[^/]+\/?$/, label: "/admin/users/:id", handler: adminUsers },
];

/** The pathname of a path + query below /auth/v1, without a trailing slash ("/token/?x=1" → "/token"). */
function routePathname(path: string): string {
  const pathname = new URL(path || "/", "http://auth.local").pathname;
  return pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
}

/** The label of the route a path + query below /auth/v1 belongs to, or null when no route has that path. */
export function authRouteLabel(path: string): string | null {
  const pathname = routePathname(path);
  const route = ROUTES.find((r) => (typeof r.path === "string" ? r.path === pathname : r.path.test(pathname)));
  return route?.label ?? null;
}

function findRoute(method: string, pathname: string): Route | "method" | null {
  let pathMatched = false;
  for (const route of ROUTES) {
    const hit = typeof route.path === "string" ? route.path === pathname : route.path.test(pathname);
    if (!hit) continue;
    pathMatched = true;
    if (route.method === "*" || route.method === method || (method === "HEAD" && route.method === "GET")) return route;
  }
  return pathMatched ? "method" : null;
}

export async function createAuthServer(opts: {
  databaseUrl: string;
  signingKeys: SigningKeys;
  apiUrl: string;
  config: AuthConfig;
  /** Where mails go (the stack's mail sink); null drops them. */
  mailSink: MailSink | null;
}): Promise<AuthServer> {
  const pool = createPool(opts.databaseUrl);
  const limiters = createAuthLimiters(opts.config.rateLimit);
  const ctx: AuthContext = {
    db: pool,
    tokens: await createTokenService(opts.signingKeys, opts.apiUrl, opts.config.jwtExpiry),
    keys: opts.signingKeys,
    config: opts.config,
    limiters,
    mailer: createMailer({
      db: pool,
      config: opts.config,
      sink: opts.mailSink,
      emailLimiter: limiters.email,
      apiUrl: opts.apiUrl,
    }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const url = new URL(path || "/", "http://auth.local");
    const pathname = routePathname(path);
    try {
      const route = findRoute(req.method ?? "GET", pathname);
      if (route === null) throw new AuthError(404, "not_found", "Not Found");
      if (route === "method") throw new AuthError(405, "method_not_allowed", "Method Not Allowed");
      await route.handler(ctx, req, res, url);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof AuthError) {
        sendAuthError(req, res, err);
      } else {
        console.error("[auth] unexpected error", err);
        sendAuthError(
          req,
          res,
          new AuthError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information"),
        );
      }
    }
  }

  return {
    handle,
    close: () => pool.end(),
  };
}
