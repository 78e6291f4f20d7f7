// POST /token?grant_type=password | refresh_token
import type { AuthHandler, AuthContext } from "../context.ts";
import { badRequest } from "../errors.ts";
import { asString, readJson, sendJson } from "../http.ts";
import { sessionResponse, startSession } from "../session.ts";
import { findUserForLogin, getUser, inspectRefreshToken, revokeSessionTokens, rotateRefreshToken } from "../store.ts";
import { newRefreshToken } from "../tokens.ts";
import { isBanned } from "../user.ts";

const invalidCredentials = () => badRequest("invalid_credentials", "Invalid login credentials");

async function passwordGrant(ctx: AuthContext, body: Record<string, unknown>, req: Parameters<AuthHandler>[1]) {
  const email = asString(body.email).trim();
  const phone = asString(body.phone).trim();
  const password = asString(body.password);
  if (email && phone)
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
  if (!email && !phone) throw badRequest("validation_failed", "missing email or phone");
  const found = await findUserForLogin(ctx.db, email ? { email } : { phone }, password);
  if (!found) throw invalidCredentials();
  const { user, passwordOk } = found;
  if (isBanned(user)) throw badRequest("user_banned", "User is banned");
  if (!user.has_password || !passwordOk) throw invalidCredentials();
  if (email && !user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");
  if (!email && !user.phone_confirmed_at) throw badRequest("phone_not_confirmed", "Phone not confirmed");
  return startSession(ctx, req, user);
}

/**
 * Rotation: the presented token is revoked and a child token (parent = old) is issued in the same session.
 * Reuse: a revoked token presented again within REUSE_INTERVAL_SECONDS (10 s, GoTrue's default) of its
 * revocation gets the session's current active token back (no new rotation) — this absorbs concurrent
 * refreshes from parallel requests. Later reuse → 400 refresh_token_already_used and the whole token
 * family of the session is revoked (GoTrue's reuse detection).
 */
async function refreshGrant(ctx: AuthContext, body: Record<string, unknown>) {
  const token = asString(body.refresh_token);
  if (!token) throw badRequest("validation_failed", "refresh_token required");
  const fresh = newRefreshToken();
  const rotated = await rotateRefreshToken(ctx.db, token, fresh);
  let session = rotated;
  let issued = fresh;
  if (!rotated) {
    const state = await inspectRefreshToken(ctx.db, token);
    if (!state) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (!state.sessionId || !state.sessionExists)
      throw badRequest("session_not_found", "Invalid Refresh Token: Session Not Found");
    if (!state.withinReuseInterval || !state.activeToken) {
      await revokeSessionTokens(ctx.db, state.sessionId);
      throw badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
    }
    session = { userId: state.userId, sessionId: state.sessionId, createdAt: state.sessionCreatedAt ?? new Date() };
    issued = state.activeToken;
  }
  if (!session) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  const user = await getUser(ctx.db, session.userId);
  if (!user) throw badRequest("user_not_found", "User not found");
  if (isBanned(user)) throw badRequest("user_banned", "User is banned");
  return sessionResponse(ctx, user, session, issued);
}

export const token: AuthHandler = async (ctx, req, res, url) => {
  const grantType = url.searchParams.get("grant_type");
  const body = await readJson(req);
  if (grantType === "password") return sendJson(res, 200, await passwordGrant(ctx, body, req));
  if (grantType === "refresh_token") return sendJson(res, 200, await refreshGrant(ctx, body));
  throw badRequest("invalid_credentials", "unsupported_grant_type");
};
