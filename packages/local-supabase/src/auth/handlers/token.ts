// POST /token?grant_type=password | refresh_token
import type { AuthHandler, AuthContext } from "../context.ts";
import { badRequest } from "../errors.ts";
import { asString, readJson, sendJson } from "../http.ts";
import { sessionResponse, startSession } from "../session.ts";
import {
  findUserForLogin,
  getUser,
  inspectRefreshToken,
  issueChildToken,
  revokeSessionTokens,
  rotateRefreshToken,
} from "../store.ts";
import { limitByIp } from "../rate-limit.ts";
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
 * A revoked token is handled as GoTrue's RefreshTokenGrant does: when it is the parent of the session's active
 * token (the client lost the answer of its last refresh), the active token is returned, whenever that happens;
 * otherwise, within refresh_token_reuse_interval of its revocation, a new child of it is issued (parallel
 * refreshes); later, 400 refresh_token_already_used and the session's whole token family is revoked.
 */
async function refreshGrant(ctx: AuthContext, body: Record<string, unknown>) {
  const token = asString(body.refresh_token);
  if (!token) throw badRequest("validation_failed", "refresh_token required");
  const fresh = newRefreshToken();
  const rotated = await rotateRefreshToken(ctx.db, token, fresh);
  let session = rotated;
  let issued = fresh;
  if (!rotated) {
    const state = await inspectRefreshToken(ctx.db, token, ctx.config.refreshTokenReuseInterval);
    if (!state) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (!state.sessionId || !state.sessionExists)
      throw badRequest("session_not_found", "Invalid Refresh Token: Session Not Found");
    if (state.activeToken !== null && state.activeParent === token) {
      session = { userId: state.userId, sessionId: state.sessionId, createdAt: state.sessionCreatedAt ?? new Date() };
      issued = state.activeToken;
    } else if (state.withinReuseInterval) {
      session = await issueChildToken(ctx.db, token, fresh);
    } else {
      await revokeSessionTokens(ctx.db, state.sessionId);
      throw badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
    }
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
  if (grantType === "refresh_token") {
    limitByIp(ctx.limiters.tokenRefresh, req);
    return sendJson(res, 200, await refreshGrant(ctx, body));
  }
  throw badRequest("invalid_credentials", "unsupported_grant_type");
};
