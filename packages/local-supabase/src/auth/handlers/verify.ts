// POST /verify {type, token_hash} (or {type, email, token}) → a session; GET /verify?token&type&redirect_to →
// 303 to redirect_to with the session (or the error) in the fragment. GoTrue's verify.go, email types only.
import type { IncomingMessage } from "node:http";
import type { AuthContext, AuthHandler } from "../context.ts";
import { consumeLink, findLink, tokenHash, type LinkKind } from "../email-links-store.ts";
import { AuthError, badRequest, forbidden } from "../errors.ts";
import { asString, readJson, sendJson } from "../http.ts";
import { limitByIp } from "../rate-limit.ts";
import { requestedRedirect } from "../redirect.ts";
import { startSession, type AccessTokenResponse } from "../session.ts";
import { isBanned } from "../user.ts";
import { checkEmail } from "../validate.ts";

/** Which stored links a verify `type` may use (GoTrue's verifyTokenHash). */
const KINDS_BY_TYPE: Record<string, LinkKind[]> = {
  email: ["confirmation", "recovery"],
  signup: ["confirmation"],
  invite: ["confirmation"],
  recovery: ["recovery"],
  magiclink: ["recovery"],
  email_change: ["email_change"],
};

const linkInvalid = () => forbidden("otp_expired", "Email link is invalid or has expired");

async function verifyHash(
  ctx: AuthContext,
  req: IncomingMessage,
  type: string,
  hash: string,
): Promise<AccessTokenResponse> {
  const kinds = KINDS_BY_TYPE[type];
  if (!kinds) throw badRequest("validation_failed", "Invalid email verification type");
  const found = await findLink(ctx.db, hash, kinds, ctx.config.otpExpirySeconds);
  if (!found) throw linkInvalid();
  if (isBanned(found.user)) throw forbidden("user_banned", "User is banned");
  if (found.expired) throw linkInvalid();
  const user = await consumeLink(ctx.db, found.user.id, found.kind, hash);
  if (!user) throw linkInvalid();
  return startSession(ctx, req, user);
}

async function verifyPost(ctx: AuthContext, req: IncomingMessage): Promise<AccessTokenResponse> {
  const body = await readJson(req);
  const type = asString(body.type);
  const token = asString(body.token);
  const hash = asString(body.token_hash);
  if (type === "") throw badRequest("validation_failed", "Verify requires a verification type");
  if ((token === "" && hash === "") || (token !== "" && hash !== ""))
    throw badRequest("validation_failed", "Verify requires either a token or a token hash");
  if (hash !== "") {
    if (asString(body.email) || asString(body.phone) || asString(body.redirect_to))
      throw badRequest("validation_failed", "Only the token_hash and type should be provided");
    return verifyHash(ctx, req, type, hash);
  }
  const rawEmail = asString(body.email);
  if (rawEmail === "" || asString(body.phone) !== "")
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on verify");
  let email: string;
  try {
    email = checkEmail(rawEmail);
  } catch {
    throw new AuthError(422, "validation_failed", "Invalid email format");
  }
  return verifyHash(ctx, req, type, tokenHash(email, token));
}

const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

function redirectTo(res: Parameters<AuthHandler>[2], location: string): void {
  res.writeHead(303, { Location: location, "Content-Length": 0 });
  res.end();
}

async function verifyGet(ctx: AuthContext, req: IncomingMessage, res: Parameters<AuthHandler>[2], url: URL) {
  const type = url.searchParams.get("type") ?? "";
  const token = url.searchParams.get("token") ?? "";
  if (type === "") throw badRequest("validation_failed", "Verify requires a verification type");
  if (token === "") throw badRequest("validation_failed", "Verify requires a token or a token hash");
  const target = new URL(requestedRedirect(ctx.config, req, url));
  try {
    const session = await verifyHash(ctx, req, type, token);
    const fragment = new URLSearchParams({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      token_type: session.token_type,
      type,
    });
    target.hash = fragment.toString();
  } catch (err) {
    if (!(err instanceof AuthError) || err.status >= 500) throw err;
    const fragment = new URLSearchParams();
    const oauth = OAUTH_ERRORS[err.status];
    if (oauth) fragment.set("error", oauth);
    fragment.set("error_code", err.code);
    fragment.set("error_description", err.message);
    fragment.set("sb", "");
    target.hash = fragment.toString();
  }
  redirectTo(res, target.toString());
}

export const verify: AuthHandler = async (ctx, req, res, url) => {
  limitByIp(ctx.limiters.tokenVerifications, req);
  if (req.method === "POST") return sendJson(res, 200, await verifyPost(ctx, req));
  req.resume();
  return verifyGet(ctx, req, res, url);
};
