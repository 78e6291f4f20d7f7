// GoTrue's request and email limits: at most `limit` events per `windowMs`, per key (client IP) or for everyone.
import type { IncomingMessage } from "node:http";
import { AuthError } from "./errors.ts";

export type RateLimiter = {
  /** Counts one event for `key` and reports whether it was within the limit (a refused event is not counted). */
  take(key?: string): boolean;
};

export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const events = new Map<string, number[]>();
  return {
    take(key = "") {
      const t = now();
      const recent = (events.get(key) ?? []).filter((at) => at > t - windowMs);
      if (recent.length >= limit) {
        events.set(key, recent);
        return false;
      }
      recent.push(t);
      events.set(key, recent);
      if (events.size > 10_000) events.delete(events.keys().next().value ?? "");
      return true;
    },
  };
}

/** The first X-Forwarded-For address (what hosted Supabase limits by), else the peer's address. */
export function clientKey(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : "";
  return first || req.socket.remoteAddress || "";
}

export const overRequestRateLimit = () => new AuthError(429, "over_request_rate_limit", "Request rate limit reached");
export const overEmailSendRateLimit = () =>
  new AuthError(429, "over_email_send_rate_limit", "email rate limit exceeded");

export type AuthLimiters = {
  email: RateLimiter;
  tokenRefresh: RateLimiter;
  signInSignUps: RateLimiter;
  tokenVerifications: RateLimiter;
};

const FIVE_MINUTES = 5 * 60_000;

export function createAuthLimiters(limits: {
  emailSent: number;
  tokenRefresh: number;
  signInSignUps: number;
  tokenVerifications: number;
}): AuthLimiters {
  return {
    email: createRateLimiter(limits.emailSent, 3_600_000),
    tokenRefresh: createRateLimiter(limits.tokenRefresh, FIVE_MINUTES),
    signInSignUps: createRateLimiter(limits.signInSignUps, FIVE_MINUTES),
    tokenVerifications: createRateLimiter(limits.tokenVerifications, FIVE_MINUTES),
  };
}

/** Throws 429 over_request_rate_limit when the caller's IP is over `limiter`'s limit. */
export function limitByIp(limiter: RateLimiter, req: IncomingMessage): void {
  if (!limiter.take(clientKey(req))) throw overRequestRateLimit();
}
