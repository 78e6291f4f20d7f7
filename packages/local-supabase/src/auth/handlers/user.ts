// GET /user — the caller's User object, after GoTrue's full check (signature, expiry, user, session).
import { requireUser } from "../authenticate.ts";
import type { AuthHandler } from "../context.ts";
import { sendJson } from "../http.ts";
import { toUser } from "../user.ts";

export const getUserHandler: AuthHandler = async (ctx, req, res) => {
  const { user } = await requireUser(ctx, req);
  sendJson(res, 200, toUser(user));
};
