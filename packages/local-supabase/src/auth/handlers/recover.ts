// POST /recover {email} — mails a password-recovery link; answers {} whether or not the address is registered.
import type { AuthHandler } from "../context.ts";
import { badRequest } from "../errors.ts";
import { asString, readJson, sendJson } from "../http.ts";
import { limitByIp } from "../rate-limit.ts";
import { requestedRedirect } from "../redirect.ts";
import { findUserByEmail } from "../store.ts";
import { checkEmail } from "../validate.ts";

export const recover: AuthHandler = async (ctx, req, res, url) => {
  const body = await readJson(req);
  const rawEmail = asString(body.email);
  if (rawEmail === "") throw badRequest("validation_failed", "Password recovery requires an email");
  const email = checkEmail(rawEmail);
  limitByIp(ctx.limiters.signInSignUps, req);
  const user = await findUserByEmail(ctx.db, email);
  if (user) await ctx.mailer.sendLink(user, "recovery", requestedRedirect(ctx.config, req, url));
  sendJson(res, 200, {});
};
