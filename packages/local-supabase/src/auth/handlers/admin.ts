// /admin/users[/<id>] — the service-role-only user admin API (GoTrueAdminApi subset).
import { randomUUID } from "node:crypto";
import { requireAdmin } from "../authenticate.ts";
import type { AuthContext, AuthHandler } from "../context.ts";
import { AuthError, badRequest, unprocessable } from "../errors.ts";
import { asObject, asString, readJson, sendJson } from "../http.ts";
import { deleteUser, getUser, insertUser, listUsers, updateUser, type UserPatch } from "../store.ts";
import { toUser } from "../user.ts";
import { checkEmail, checkPassword } from "../validate.ts";

const emailExists = () => unprocessable("email_exists", "A user with this email address has already been registered");
const userNotFound = () => new AuthError(404, "user_not_found", "User not found");

async function createUser(ctx: AuthContext, body: Record<string, unknown>) {
  const rawEmail = asString(body.email);
  const phone = asString(body.phone).trim() || null;
  const password = typeof body.password === "string" ? body.password : null;
  const email = rawEmail ? checkEmail(rawEmail) : null;
  if (!email && !phone) throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  if (password !== null) checkPassword(ctx.config, password);
  const id = randomUUID();
  const confirmed = body.email_confirm === true || body.phone_confirm === true;
  const provider = email ? "email" : "phone";
  const identityData = email
    ? { sub: id, email, email_verified: body.email_confirm === true, phone_verified: false }
    : { sub: id, phone, email_verified: false, phone_verified: body.phone_confirm === true };
  return insertUser(
    ctx.db,
    {
      id,
      email,
      phone,
      password,
      confirmed,
      userMetadata: { ...(asObject(body.user_metadata) ?? {}), ...identityData },
      appMetadata: { provider, providers: [provider], ...(asObject(body.app_metadata) ?? {}) },
      identityData,
    },
    emailExists(),
  );
}

/** Go durations as GoTrue's ban_duration takes them ("24h", "1h30m", "90s"); "none" lifts the ban. */
export function parseBanDuration(value: string, now = Date.now()): Date | null {
  if (value === "none") return null;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  let match: RegExpExecArray | null;
  while ((match = re.exec(value)) !== null) total += Number(match[1]) * (units[match[2] ?? "s"] ?? 0);
  if (re.lastIndex !== 0 || total === 0) throw badRequest("validation_failed", "invalid format for ban duration");
  return new Date(now + total);
}

function patchFrom(ctx: AuthContext, body: Record<string, unknown>): UserPatch {
  const patch: UserPatch = {};
  if (typeof body.email === "string") patch.email = checkEmail(body.email);
  if (typeof body.phone === "string") patch.phone = body.phone;
  if (typeof body.password === "string") {
    checkPassword(ctx.config, body.password);
    patch.password = body.password;
  }
  if (body.email_confirm === true) patch.confirmEmail = true;
  const userMetadata = asObject(body.user_metadata);
  if (userMetadata) patch.userMetadata = userMetadata;
  const appMetadata = asObject(body.app_metadata);
  if (appMetadata) patch.appMetadata = appMetadata;
  if (typeof body.ban_duration === "string") patch.bannedUntil = parseBanDuration(body.ban_duration);
  return patch;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const adminUsers: AuthHandler = async (ctx, req, res, url) => {
  await requireAdmin(ctx, req);
  const id = url.pathname.replace(/^\/admin\/users\/?/, "");
  const method = req.method ?? "GET";

  if (id === "") {
    if (method === "POST") return sendJson(res, 200, toUser(await createUser(ctx, await readJson(req))));
    if (method === "GET") {
      const page = positiveInt(url.searchParams.get("page"), 1);
      const perPage = Math.min(positiveInt(url.searchParams.get("per_page"), 50), 1000);
      const { users, total } = await listUsers(ctx.db, page, perPage);
      return sendJson(res, 200, { users: users.map(toUser), aud: "authenticated" }, { "X-Total-Count": String(total) });
    }
  } else {
    if (method === "GET") {
      const user = await getUser(ctx.db, id);
      if (!user) throw userNotFound();
      return sendJson(res, 200, toUser(user));
    }
    if (method === "PUT") {
      const user = await updateUser(ctx.db, id, patchFrom(ctx, await readJson(req)), emailExists());
      if (!user) throw userNotFound();
      return sendJson(res, 200, toUser(user));
    }
    if (method === "DELETE") {
      if (!(await deleteUser(ctx.db, id))) throw userNotFound();
      return sendJson(res, 200, {});
    }
  }
  throw new AuthError(405, "method_not_allowed", "Method not allowed");
};
