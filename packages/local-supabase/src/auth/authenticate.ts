// GoTrue's requireAuthentication / requireAdmin: who is calling, checked against the database.
import type { IncomingMessage } from "node:http";
import type { JWTPayload } from "jose";
import type { AuthContext } from "./context.ts";
import { AuthError, forbidden } from "./errors.ts";
import { bearerToken } from "./http.ts";
import { getUserWithSession, isUuid } from "./store.ts";
import type { UserRow } from "./user.ts";

export type Caller = { user: UserRow; claims: JWTPayload; sessionId: string };

const noAuthorization = () => new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");

/** A user token whose signature, expiry, user and session (not logged out) are all valid. */
export async function requireUser(ctx: AuthContext, req: IncomingMessage): Promise<Caller> {
  const token = bearerToken(req);
  if (!token) throw noAuthorization();
  const claims = await ctx.tokens.verify(token);
  if (typeof claims.sub !== "string" || claims.sub === "")
    throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!isUuid(claims.sub)) throw forbidden("bad_jwt", "invalid claim: sub claim must be a UUID");
  const sessionId = isUuid(claims.session_id) ? claims.session_id : null;
  const { user, sessionExists } = await getUserWithSession(ctx.db, claims.sub, sessionId);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  if (!sessionId || !sessionExists) {
    throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  return { user, claims, sessionId };
}

/** Admin endpoints: a valid JWT (service role key) whose role is service_role (or supabase_admin). */
export async function requireAdmin(ctx: AuthContext, req: IncomingMessage): Promise<JWTPayload> {
  const token = bearerToken(req);
  if (!token) throw noAuthorization();
  const claims = await ctx.tokens.verify(token);
  if (claims.role !== "service_role" && claims.role !== "supabase_admin")
    throw forbidden("not_admin", "User not allowed");
  return claims;
}
