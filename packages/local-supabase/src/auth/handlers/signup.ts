// POST /signup {email|phone, password, data?} — auto-confirmed user (local Supabase, confirmations off) + session.
import { randomUUID } from "node:crypto";
import type { AuthHandler } from "../context.ts";
import { badRequest, unprocessable } from "../errors.ts";
import { asObject, asString, readJson, sendJson } from "../http.ts";
import { startSession } from "../session.ts";
import { insertUser } from "../store.ts";
import { checkEmail, checkPassword } from "../validate.ts";

export const signup: AuthHandler = async (ctx, req, res) => {
  const body = await readJson(req);
  const rawEmail = asString(body.email);
  const phone = asString(body.phone).trim() || null;
  const password = asString(body.password);
  if (!rawEmail && !phone) throw badRequest("validation_failed", "To signup, please provide your email");
  const email = rawEmail ? checkEmail(rawEmail) : null;
  checkPassword(password);
  const id = randomUUID();
  const identityData = email
    ? { sub: id, email, email_verified: true, phone_verified: false }
    : { sub: id, phone, email_verified: false, phone_verified: true };
  const provider = email ? "email" : "phone";
  const user = await insertUser(
    ctx.db,
    {
      id,
      email,
      phone,
      password,
      confirmed: true,
      userMetadata: { ...(asObject(body.data) ?? {}), ...identityData },
      appMetadata: { provider, providers: [provider] },
      identityData,
    },
    unprocessable("user_already_exists", "User already registered"),
  );
  sendJson(res, 200, await startSession(ctx, req, user));
};
