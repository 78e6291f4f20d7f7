// The one-time email links of auth.users (confirmation, recovery, email change), as GoTrue keeps them: the token
// hash in *_token, the time it was sent in *_sent_at. Each function is one statement (see store.ts).
import { createHash, randomInt } from "node:crypto";
import { AuthError } from "./errors.ts";
import { getUser, USER_COLUMNS, type Db } from "./store.ts";
import type { UserRow } from "./user.ts";

export type LinkKind = "confirmation" | "recovery" | "email_change";

const TOKEN_COLUMN: Record<LinkKind, string> = {
  confirmation: "confirmation_token",
  recovery: "recovery_token",
  email_change: "email_change_token_new",
};
const SENT_COLUMN: Record<LinkKind, string> = {
  confirmation: "confirmation_sent_at",
  recovery: "recovery_sent_at",
  email_change: "email_change_sent_at",
};

/** A numeric one-time code of `length` digits (GoTrue's GenerateOtp). */
export function newOtp(length = 6): string {
  let otp = "";
  for (let i = 0; i < length; i++) otp += String(randomInt(10));
  return otp;
}

/** GoTrue's GenerateTokenHash: hex SHA-224 of the address followed by the code. */
export function tokenHash(email: string, otp: string): string {
  return createHash("sha224")
    .update(email + otp)
    .digest("hex");
}

/** Records a freshly sent link; `newEmail` for an email change. */
export async function storeLink(
  db: Db,
  userId: string,
  kind: LinkKind,
  hash: string,
  newEmail?: string,
): Promise<void> {
  await db.query(
    `update auth.users set ${TOKEN_COLUMN[kind]} = $2, ${SENT_COLUMN[kind]} = now(),
       email_change = case when $3::text is null then email_change else $3::text end, updated_at = now()
     where id = $1`,
    [userId, hash, newEmail ?? null],
  );
}

export type FoundLink = { user: UserRow; kind: LinkKind; expired: boolean };

/** The user whose pending link of one of `kinds` has this hash, and whether it is older than `expirySeconds`. */
export async function findLink(
  db: Db,
  hash: string,
  kinds: LinkKind[],
  expirySeconds: number,
): Promise<FoundLink | null> {
  if (hash === "" || kinds.length === 0) return null;
  const kindCase = kinds.map((k) => `when u.${TOKEN_COLUMN[k]} = $1 then '${k}'`).join(" ");
  const sentCase = kinds.map((k) => `when u.${TOKEN_COLUMN[k]} = $1 then u.${SENT_COLUMN[k]}`).join(" ");
  const where = kinds.map((k) => `u.${TOKEN_COLUMN[k]} = $1`).join(" or ");
  const { rows } = await db.query<UserRow & { link_kind: LinkKind; link_expired: boolean }>(
    `select ${USER_COLUMNS}, case ${kindCase} end as link_kind,
       coalesce((case ${sentCase} end) < now() - make_interval(secs => $2), true) as link_expired
     from auth.users u where (${where}) and u.deleted_at is null limit 1`,
    [hash, expirySeconds],
  );
  const row = rows[0];
  if (!row) return null;
  return { user: row, kind: row.link_kind, expired: row.link_expired };
}

/**
 * Uses the link: clears its token only if it is still the stored one (a second use of the same link, even in a
 * parallel request, finds nothing) and applies what it confirms. Returns the updated user, or null when used.
 */
export async function consumeLink(db: Db, userId: string, kind: LinkKind, hash: string): Promise<UserRow | null> {
  const token = TOKEN_COLUMN[kind];
  const confirm = `email_confirmed_at = coalesce(email_confirmed_at, now()),
       raw_user_meta_data = case when raw_user_meta_data ? 'email_verified'
         then raw_user_meta_data || '{"email_verified": true}'::jsonb else raw_user_meta_data end`;
  const effects: Record<LinkKind, string> = {
    confirmation: confirm,
    recovery: confirm,
    email_change: `email = email_change, email_change = '', email_change_sent_at = null,
       email_confirmed_at = coalesce(email_confirmed_at, now()),
       raw_user_meta_data = case when raw_user_meta_data ? 'email'
         then raw_user_meta_data || jsonb_build_object('email', email_change) else raw_user_meta_data end`,
  };
  try {
    const { rows } = await db.query<{ id: string }>(
      `with u as (
         update auth.users set ${token} = '', ${effects[kind]}, updated_at = now()
         where id = $1 and ${token} = $2 returning id, email
       ), i as (
         update auth.identities i set
           identity_data = i.identity_data || jsonb_build_object('email', u.email, 'email_verified', true),
           updated_at = now()
         from u where i.user_id = u.id and i.provider = 'email' returning i.id
       )
       select id from u`,
      [userId, hash],
    );
    if (!rows[0]) return null;
  } catch (err) {
    if ((err as { code?: string }).code === "23505")
      throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
    throw err;
  }
  return getUser(db, userId);
}

/** Seconds since this kind of link was last sent to the user (null: never). */
export function secondsSinceSent(user: UserRow, kind: LinkKind, now = Date.now()): number | null {
  const sent =
    kind === "confirmation"
      ? user.confirmation_sent_at
      : kind === "recovery"
        ? user.recovery_sent_at
        : user.email_change_sent_at;
  return sent ? (now - sent.getTime()) / 1000 : null;
}

/** Confirms the email at once (a repeated sign-up of an unconfirmed address with confirmations off). */
export async function confirmNow(db: Db, userId: string): Promise<UserRow | null> {
  await db.query(
    `with u as (
       update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), confirmation_token = '',
         raw_user_meta_data = case when raw_user_meta_data ? 'email_verified'
           then raw_user_meta_data || '{"email_verified": true}'::jsonb else raw_user_meta_data end,
         updated_at = now()
       where id = $1 returning id
     )
     update auth.identities i set identity_data = i.identity_data || '{"email_verified": true}'::jsonb
     from u where i.user_id = u.id and i.provider = 'email'`,
    [userId],
  );
  return getUser(db, userId);
}
