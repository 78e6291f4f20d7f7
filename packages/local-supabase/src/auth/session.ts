// The AccessTokenResponse GoTrue returns from /token and /signup, and the start of a new session.
import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { AuthContext } from "./context.ts";
import { createSession } from "./store.ts";
import { newRefreshToken } from "./tokens.ts";
import { plainUser, type UserRow } from "./user.ts";

export type AccessTokenResponse = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
};

export async function sessionResponse(
  ctx: AuthContext,
  userRow: UserRow,
  session: { sessionId: string; createdAt: Date },
  refreshToken: string,
): Promise<AccessTokenResponse> {
  const user = plainUser(userRow);
  const { token, claims } = await ctx.tokens.issue(user, session);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: ctx.tokens.ttlSeconds,
    expires_at: claims.exp,
    refresh_token: refreshToken,
    user,
  };
}

function clientIp(req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const ip = first || req.socket.remoteAddress || null;
  return ip && /^[0-9a-fA-F:.]+$/.test(ip) ? ip : null;
}

/** Creates a session + first refresh token for `user` and answers like a successful sign-in. */
export async function startSession(
  ctx: AuthContext,
  req: IncomingMessage,
  user: UserRow,
): Promise<AccessTokenResponse> {
  const refreshToken = newRefreshToken();
  const ua = req.headers["user-agent"];
  const session = await createSession(ctx.db, {
    userId: user.id,
    sessionId: randomUUID(),
    refreshToken,
    userAgent: typeof ua === "string" ? ua : null,
    ip: clientIp(req),
  });
  // last_sign_in_at changed: reflect it in the returned user like GoTrue does.
  const now = session.createdAt;
  const identities = (user.identities ?? []).map((i) => ({ ...i, last_sign_in_at: now }));
  return sessionResponse(ctx, { ...user, last_sign_in_at: now, updated_at: now, identities }, session, refreshToken);
}
