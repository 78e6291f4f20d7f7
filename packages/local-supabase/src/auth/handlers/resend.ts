// POST /resend {type: signup|email_change, email} — mails the pending link again; {} when there is none to send.
import type { AuthHandler } from "../context.ts";
import { badRequest } from "../errors.ts";
import { asString, readJson, sendJson } from "../http.ts";
import { limitByIp } from "../rate-limit.ts";
import { requestedRedirect } from "../redirect.ts";
import { findUserByEmail } from "../store.ts";
import { checkEmail } from "../validate.ts";

export const resend: AuthHandler = async (ctx, req, res, url) => {
  const body = await readJson(req);
  const type = asString(body.type);
  const rawEmail = asString(body.email);
  const phone = asString(body.phone);
  if (type !== "signup" && type !== "email_change") {
    if (type === "sms" || type === "phone_change")
      throw badRequest("phone_provider_disabled", "Phone logins are disabled");
    throw badRequest("validation_failed", "Missing one of these types: signup, email_change, sms, phone_change");
  }
  if (rawEmail !== "" && phone !== "")
    throw badRequest("validation_failed", "Only an email address or phone number should be provided.");
  if (rawEmail === "") throw badRequest("validation_failed", "Type provided requires an email address");
  const email = checkEmail(rawEmail);
  limitByIp(ctx.limiters.signInSignUps, req);
  const user = await findUserByEmail(ctx.db, email);
  const redirect = requestedRedirect(ctx.config, req, url);
  if (user && type === "signup" && !user.email_confirmed_at) await ctx.mailer.sendLink(user, "confirmation", redirect);
  if (user && type === "email_change" && user.new_email)
    await ctx.mailer.sendLink(user, "email_change", redirect, user.new_email);
  sendJson(res, 200, {});
};
