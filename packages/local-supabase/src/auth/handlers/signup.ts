// POST /signup {email|phone, password, data?} — GoTrue's Signup: with confirmations off an auto-confirmed user and a
// session; with them on an unconfirmed user, a confirmation mail and `session: null` (the user object alone).
// An address already confirmed: 422 user_already_exists with confirmations off; with them on an obfuscated user
// (random id, no identities), so the answer does not tell whether the address is registered.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AuthContext, AuthHandler } from "../context.ts";
import { badRequest, unprocessable } from "../errors.ts";
import { asObject, asString, readJson, sendJson } from "../http.ts";
import { limitByIp } from "../rate-limit.ts";
import { requestedRedirect } from "../redirect.ts";
import { startSession } from "../session.ts";
import { findUserByEmail, insertUser } from "../store.ts";
import { toUser, type UserRow } from "../user.ts";
import { checkEmail, checkPassword } from "../validate.ts";
import { confirmNow } from "../email-links-store.ts";

const userAlreadyExists = () => unprocessable("user_already_exists", "User already registered");

/** GoTrue's sanitizeUser: what a repeated sign-up gets back with confirmations on. */
function obfuscatedUser(email: string, data: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

function checkSignupAllowed(ctx: AuthContext, byEmail: boolean): void {
  if (!ctx.config.enableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (byEmail && !ctx.config.enableEmailSignup)
    throw badRequest("email_provider_disabled", "Email signups are disabled");
}

async function respondForExisting(
  ctx: AuthContext,
  req: IncomingMessage,
  url: URL,
  existing: UserRow,
  email: string,
  data: Record<string, unknown>,
) {
  if (existing.email_confirmed_at) {
    if (!ctx.config.enableConfirmations) throw userAlreadyExists();
    return obfuscatedUser(email, data);
  }
  // Registered but never confirmed: GoTrue confirms it at once (confirmations off) or mails a new link.
  if (!ctx.config.enableConfirmations) {
    const confirmed = await confirmNow(ctx.db, existing.id);
    return startSession(ctx, req, confirmed ?? existing);
  }
  await ctx.mailer.sendLink(existing, "confirmation", requestedRedirect(ctx.config, req, url));
  return toUser(existing);
}

export const signup: AuthHandler = async (ctx, req, res, url) => {
  const body = await readJson(req);
  const rawEmail = asString(body.email);
  const phone = asString(body.phone).trim() || null;
  const password = asString(body.password);
  const data = asObject(body.data) ?? {};
  checkSignupAllowed(ctx, phone === null);
  if (password === "") throw badRequest("validation_failed", "Signup requires a valid password");
  checkPassword(ctx.config, password);
  if (rawEmail && phone)
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on signup.");
  if (!rawEmail && !phone) throw badRequest("validation_failed", "To signup, please provide your email");
  limitByIp(ctx.limiters.signInSignUps, req);
  const email = rawEmail ? checkEmail(rawEmail) : null;

  if (email) {
    const existing = await findUserByEmail(ctx.db, email);
    if (existing) return sendJson(res, 200, await respondForExisting(ctx, req, url, existing, email, data));
  }

  const confirmNowOnSignup = phone !== null || !ctx.config.enableConfirmations;
  const id = randomUUID();
  const identityData = email
    ? { sub: id, email, email_verified: confirmNowOnSignup, phone_verified: false }
    : { sub: id, phone, email_verified: false, phone_verified: true };
  const provider = email ? "email" : "phone";
  const duplicate = userAlreadyExists();
  const user = await insertUser(
    ctx.db,
    {
      id,
      email,
      phone,
      password,
      confirmed: confirmNowOnSignup,
      userMetadata: { ...data, ...identityData },
      appMetadata: { provider, providers: [provider] },
      identityData,
    },
    duplicate,
  ).catch((err: unknown) => {
    // A parallel sign-up of the same address won: answered as if it had come first.
    if (err === duplicate && email && ctx.config.enableConfirmations) return null;
    throw err;
  });
  if (!user) return sendJson(res, 200, obfuscatedUser(email ?? "", data));
  if (confirmNowOnSignup) return sendJson(res, 200, await startSession(ctx, req, user));
  try {
    await ctx.mailer.sendLink(user, "confirmation", requestedRedirect(ctx.config, req, url));
  } catch (err) {
    // GoTrue creates the user and sends the mail in one transaction: a refused mail leaves no user behind.
    await ctx.db.query("delete from auth.users where id = $1", [user.id]);
    throw err;
  }
  const fresh = (await findUserByEmail(ctx.db, user.email ?? "")) ?? user;
  sendJson(res, 200, toUser(fresh));
};
