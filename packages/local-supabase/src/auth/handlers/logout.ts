// POST /logout?scope=global|local|others — deletes session rows (their refresh tokens cascade) → 204.
import { requireUser } from "../authenticate.ts";
import type { AuthHandler } from "../context.ts";
import { badRequest } from "../errors.ts";
import { sendEmpty } from "../http.ts";
import { deleteSessions, type LogoutScope } from "../store.ts";

const SCOPES: readonly string[] = ["global", "local", "others"];

export const logout: AuthHandler = async (ctx, req, res, url) => {
  const scope = url.searchParams.get("scope") ?? "global";
  if (!SCOPES.includes(scope)) throw badRequest("validation_failed", "Unsupported logout scope");
  req.resume();
  const { user, sessionId } = await requireUser(ctx, req);
  await deleteSessions(ctx.db, user.id, sessionId, scope as LogoutScope);
  sendEmpty(res, 204);
};
