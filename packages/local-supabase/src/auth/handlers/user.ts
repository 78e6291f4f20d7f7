// GET /user — the caller's User object, after GoTrue's full check (signature, expiry, user, session).
// PUT /user {password?, email?, data?} — GoTrue's UserUpdate for the signed-in user.
import { requireUser } from "../authenticate.ts";
import type { AuthHandler } from "../context.ts";
import { forbidden, unprocessable } from "../errors.ts";
import { asObject, readJson, sendJson } from "../http.ts";
import { requestedRedirect } from "../redirect.ts";
import { changeEmailNow, findUserByEmail, getUser, mergeUserMetadata, passwordMatches, setPassword } from "../store.ts";
import { toUser } from "../user.ts";
import { checkEmail, checkPassword } from "../validate.ts";

const emailExists = () => unprocessable("email_exists", "A user with this email address has already been registered");

export const getUserHandler: AuthHandler = async (ctx, req, res) => {
  const { user } = await requireUser(ctx, req);
  sendJson(res, 200, toUser(user));
};

export const updateUserHandler: AuthHandler = async (ctx, req, res, url) => {
  const body = await readJson(req);
  const { user, sessionId } = await requireUser(ctx, req);
  if (body.app_metadata !== undefined && body.app_metadata !== null)
    throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
  const password = typeof body.password === "string" ? body.password : null;
  const data = asObject(body.data);
  const email = typeof body.email === "string" && body.email !== "" ? checkEmail(body.email) : null;
  if (password !== null) checkPassword(ctx.config, password);
  if (email !== null && email !== user.email) {
    const owner = await findUserByEmail(ctx.db, email);
    if (owner && owner.id !== user.id) throw emailExists();
  }

  if (password !== null) {
    if (await passwordMatches(ctx.db, user.id, password))
      throw unprocessable("same_password", "New password should be different from the old password.");
    await setPassword(ctx.db, user.id, password, sessionId);
  }
  if (data) await mergeUserMetadata(ctx.db, user.id, data);
  if (email !== null && email !== user.email) {
    if (ctx.config.enableConfirmations) {
      const current = (await getUser(ctx.db, user.id)) ?? user;
      await ctx.mailer.sendLink(current, "email_change", requestedRedirect(ctx.config, req, url), email);
    } else {
      await changeEmailNow(ctx.db, user.id, email, emailExists());
    }
  }
  sendJson(res, 200, toUser((await getUser(ctx.db, user.id)) ?? user));
};
