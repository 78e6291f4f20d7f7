// Database access of the auth server: auth.users / identities / sessions / refresh_tokens through a small pg Pool.
// Every operation is ONE statement (data-modifying CTEs), never a session-level SET or a multi-statement
// transaction: on PGlite (pglite-wire-server.ts) all connections share one backend session, so this keeps us safe there.
import pg from "pg";
import { AuthError } from "./errors.ts";
import type { UserRow } from "./user.ts";

export const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";
export const REUSE_INTERVAL_SECONDS = 10;

export type Db = Pick<pg.Pool, "query"> & { end(): Promise<void> };

export function createPool(databaseUrl: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 10_000 });
  // An idle client losing its connection must never crash the process; the next query reconnects.
  pool.on("error", () => {});
  return pool;
}

export const USER_COLUMNS = `
  u.id, u.aud, u.role, u.email,
  coalesce(u.encrypted_password, '') <> '' as has_password,
  u.email_confirmed_at, u.phone, u.phone_confirmed_at, u.confirmation_sent_at, u.confirmed_at,
  u.recovery_sent_at, u.email_change_sent_at, nullif(u.email_change, '') as new_email, u.last_sign_in_at,
  u.raw_app_meta_data, u.raw_user_meta_data, u.banned_until,
  u.created_at, u.updated_at, u.deleted_at, u.is_anonymous,
  coalesce((select json_agg(i order by i.created_at) from auth.identities i where i.user_id = u.id), '[]'::json) as identities`;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);

/** The user with this email (or phone) and whether `password` matches its bcrypt hash (checked in SQL). */
export async function findUserForLogin(
  db: Db,
  by: { email: string } | { phone: string },
  password: string,
): Promise<{ user: UserRow; passwordOk: boolean } | null> {
  const where = "email" in by ? "lower(u.email) = lower($1)" : "u.phone = $1";
  const { rows } = await db.query<UserRow & { password_ok: boolean }>(
    `select ${USER_COLUMNS},
       case when coalesce(u.encrypted_password, '') = '' then false
            else extensions.crypt($2, u.encrypted_password) = u.encrypted_password end as password_ok
     from auth.users u where ${where} and u.deleted_at is null
     order by u.created_at limit 1`,
    ["email" in by ? by.email : by.phone, password],
  );
  const row = rows[0];
  return row ? { user: row, passwordOk: row.password_ok === true } : null;
}

export async function getUser(db: Db, id: string): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users u where u.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The user and whether the session still exists (a deleted session = logged out). */
export async function getUserWithSession(
  db: Db,
  userId: string,
  sessionId: string | null,
): Promise<{ user: UserRow | null; sessionExists: boolean }> {
  const { rows } = await db.query<UserRow & { session_exists: boolean }>(
    `select ${USER_COLUMNS},
       exists(select 1 from auth.sessions s where s.id = $2::uuid and s.user_id = u.id) as session_exists
     from auth.users u where u.id = $1`,
    [userId, sessionId],
  );
  const row = rows[0];
  return { user: row ?? null, sessionExists: row?.session_exists === true };
}

export type SessionInfo = { sessionId: string; userId: string; createdAt: Date };

/** New session + its first refresh token; stamps last_sign_in_at on the user and the email/phone identity. */
export async function createSession(
  db: Db,
  input: { userId: string; sessionId: string; refreshToken: string; userAgent: string | null; ip: string | null },
): Promise<SessionInfo> {
  const { rows } = await db.query<{ created_at: Date }>(
    `with s as (
       insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
       values ($1, $2, now(), now(), 'aal1', $4, $5::inet) returning id, created_at
     ), r as (
       insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
       select $6::uuid, $3, $2::text, false, now(), now(), s.id from s returning id
     ), u as (
       update auth.users set last_sign_in_at = now(), updated_at = now() where id = $2 returning id
     ), i as (
       update auth.identities set last_sign_in_at = now() where user_id = $2 and provider in ('email', 'phone') returning id
     )
     select s.created_at from s`,
    [input.sessionId, input.userId, input.refreshToken, input.userAgent, input.ip, INSTANCE_ID],
  );
  return { sessionId: input.sessionId, userId: input.userId, createdAt: rows[0]?.created_at ?? new Date() };
}

/** Atomically revokes `oldToken` (if active and its session exists) and inserts `newToken` with parent = old. */
export async function rotateRefreshToken(db: Db, oldToken: string, newToken: string): Promise<SessionInfo | null> {
  const { rows } = await db.query<{ user_id: string; session_id: string; session_created_at: Date }>(
    `with old as (
       update auth.refresh_tokens t set revoked = true, updated_at = now()
       from auth.sessions s
       where t.token = $1 and t.revoked = false and s.id = t.session_id
       returning t.token, t.user_id, t.session_id, s.created_at as session_created_at
     ), fresh as (
       insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
       select $3::uuid, $2, old.user_id, false, now(), now(), old.token, old.session_id from old returning id
     ), touched as (
       update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now()
       where id in (select session_id from old) returning id
     )
     select user_id, session_id, session_created_at from old`,
    [oldToken, newToken, INSTANCE_ID],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, sessionId: row.session_id, createdAt: row.session_created_at } : null;
}

export type RefreshTokenState = {
  revoked: boolean;
  withinReuseInterval: boolean;
  sessionId: string | null;
  userId: string;
  sessionExists: boolean;
  sessionCreatedAt: Date | null;
  activeToken: string | null;
  /** The token the active one was rotated from. */
  activeParent: string | null;
};

/** Why a rotation did not happen: the token's state, its session, and the session's current active token. */
export async function inspectRefreshToken(
  db: Db,
  token: string,
  reuseIntervalSeconds = REUSE_INTERVAL_SECONDS,
): Promise<RefreshTokenState | null> {
  const { rows } = await db.query<{
    revoked: boolean | null;
    within_reuse: boolean;
    session_id: string | null;
    user_id: string;
    session_exists: boolean;
    session_created_at: Date | null;
    active_token: string | null;
    active_parent: string | null;
  }>(
    `select t.revoked, t.updated_at > now() - make_interval(secs => $2) as within_reuse, t.session_id, t.user_id,
       s.id is not null as session_exists, s.created_at as session_created_at,
       a.token as active_token, a.parent as active_parent
     from auth.refresh_tokens t left join auth.sessions s on s.id = t.session_id
     left join lateral (select a.token, a.parent from auth.refresh_tokens a
         where a.session_id = t.session_id and a.revoked = false order by a.id desc limit 1) a on true
     where t.token = $1`,
    [token, reuseIntervalSeconds],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    revoked: r.revoked === true,
    withinReuseInterval: r.within_reuse,
    sessionId: r.session_id,
    userId: r.user_id,
    sessionExists: r.session_exists,
    sessionCreatedAt: r.session_created_at,
    activeToken: r.active_token,
    activeParent: r.active_parent,
  };
}

/** GoTrue's GrantRefreshTokenSwap from an already revoked token (reuse within the interval): a new child of it. */
export async function issueChildToken(db: Db, parent: string, newToken: string): Promise<SessionInfo | null> {
  const { rows } = await db.query<{ user_id: string; session_id: string; session_created_at: Date }>(
    `with old as (
       select t.token, t.user_id, t.session_id, s.created_at as session_created_at
       from auth.refresh_tokens t join auth.sessions s on s.id = t.session_id where t.token = $1
     ), fresh as (
       insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
       select $3::uuid, $2, old.user_id, false, now(), now(), old.token, old.session_id from old returning id
     )
     select user_id, session_id, session_created_at from old`,
    [parent, newToken, INSTANCE_ID],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, sessionId: row.session_id, createdAt: row.session_created_at } : null;
}

export async function revokeSessionTokens(db: Db, sessionId: string): Promise<void> {
  await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1", [
    sessionId,
  ]);
}

export type LogoutScope = "global" | "local" | "others";

export async function deleteSessions(db: Db, userId: string, sessionId: string, scope: LogoutScope): Promise<void> {
  if (scope === "local") {
    await db.query("delete from auth.sessions where id = $1", [sessionId]);
  } else if (scope === "others") {
    await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, sessionId]);
  } else {
    await db.query("delete from auth.sessions where user_id = $1", [userId]);
  }
}

export type NewUser = {
  id: string;
  email: string | null;
  phone: string | null;
  password: string | null;
  confirmed: boolean;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
  identityData: Record<string, unknown>;
};

/** Inserts the user (bcrypt via pgcrypto) and its email/phone identity; `duplicate` is thrown on a taken email/phone. */
export async function insertUser(db: Db, u: NewUser, duplicate: AuthError): Promise<UserRow> {
  const provider = u.email ? "email" : "phone";
  try {
    await db.query(
      `with u as (
         insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
           phone, phone_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous,
           confirmation_token, recovery_token, email_change_token_new, email_change)
         values ($1, $2, 'authenticated', 'authenticated', $3::text,
           case when $4::text is null then '' else extensions.crypt($4::text, extensions.gen_salt('bf')) end,
           case when $5::boolean and $3::text is not null then now() end,
           $6::text, case when $5::boolean and $6::text is not null then now() end,
           $7::jsonb, $8::jsonb, now(), now(), false, '', '', '', '')
         returning id
       )
       insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
       select u.id::text, u.id, $9::jsonb, $10, now(), now() from u`,
      [
        INSTANCE_ID,
        u.id,
        u.email,
        u.password,
        u.confirmed,
        u.phone,
        JSON.stringify(u.appMetadata),
        JSON.stringify(u.userMetadata),
        JSON.stringify(u.identityData),
        provider,
      ],
    );
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw duplicate;
    throw err;
  }
  const row = await getUser(db, u.id);
  if (!row) throw new Error("user vanished after insert");
  return row;
}

export type UserPatch = {
  email?: string;
  phone?: string;
  password?: string;
  confirmEmail?: boolean;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  bannedUntil?: Date | null;
};

/** Admin update; metadata objects are merged into the stored ones as GoTrue does. */
export async function updateUser(db: Db, id: string, p: UserPatch, duplicate: AuthError): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  try {
    await db.query(
      `update auth.users set
         email = coalesce($2::text, email),
         phone = coalesce($3::text, phone),
         encrypted_password = case when $4::text is null then encrypted_password
                                   else extensions.crypt($4::text, extensions.gen_salt('bf')) end,
         email_confirmed_at = case when $5::boolean then coalesce(email_confirmed_at, now()) else email_confirmed_at end,
         raw_user_meta_data = case when $6::jsonb is null then raw_user_meta_data
                                   else coalesce(raw_user_meta_data, '{}'::jsonb) || $6::jsonb end,
         raw_app_meta_data = case when $7::jsonb is null then raw_app_meta_data
                                  else coalesce(raw_app_meta_data, '{}'::jsonb) || $7::jsonb end,
         banned_until = case when $8::boolean then $9::timestamptz else banned_until end,
         updated_at = now()
       where id = $1`,
      [
        id,
        p.email ?? null,
        p.phone ?? null,
        p.password ?? null,
        p.confirmEmail === true,
        p.userMetadata ? JSON.stringify(p.userMetadata) : null,
        p.appMetadata ? JSON.stringify(p.appMetadata) : null,
        p.bannedUntil !== undefined,
        p.bannedUntil ?? null,
      ],
    );
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw duplicate;
    throw err;
  }
  return getUser(db, id);
}

export async function deleteUser(db: Db, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await db.query("delete from auth.users where id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

export async function listUsers(db: Db, page: number, perPage: number): Promise<{ users: UserRow[]; total: number }> {
  const { rows } = await db.query<UserRow & { total: string }>(
    `select ${USER_COLUMNS}, count(*) over () as total from auth.users u
     order by u.created_at desc, u.id limit $1 offset $2`,
    [perPage, (page - 1) * perPage],
  );
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && page > 1) {
    const count = await db.query<{ n: string }>("select count(*) as n from auth.users");
    total = Number(count.rows[0]?.n ?? 0);
  }
  return { users: rows, total };
}

/** The (not deleted) user with this email, case-insensitively. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where lower(u.email) = lower($1) and u.deleted_at is null
     order by u.created_at limit 1`,
    [email],
  );
  return rows[0] ?? null;
}

/** Sets a new password (bcrypt) and ends the user's other sessions, as GoTrue's UpdatePassword does. */
export async function setPassword(db: Db, userId: string, password: string, keepSessionId: string): Promise<void> {
  await db.query(
    `with u as (
       update auth.users set encrypted_password = extensions.crypt($2::text, extensions.gen_salt('bf')),
         updated_at = now() where id = $1 returning id
     )
     delete from auth.sessions s using u where s.user_id = u.id and s.id <> $3::uuid`,
    [userId, password, keepSessionId],
  );
}

/** Whether `password` is the user's current one (checked in SQL). */
export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select coalesce(encrypted_password, '') <> '' and extensions.crypt($2, encrypted_password) = encrypted_password as ok
     from auth.users where id = $1`,
    [userId, password],
  );
  return rows[0]?.ok === true;
}

/** Merges `data` into user_metadata; a null member removes that key (GoTrue's UpdateUserMetaData). */
export async function mergeUserMetadata(db: Db, userId: string, data: Record<string, unknown>): Promise<void> {
  await db.query(
    `update auth.users set updated_at = now(),
       raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || $2::jsonb)
         - array(select key from jsonb_each($2::jsonb) where value = 'null'::jsonb)
     where id = $1`,
    [userId, JSON.stringify(data)],
  );
}

/** Changes the email at once (confirmations off): GoTrue's ConfirmEmailChange without a link. */
export async function changeEmailNow(db: Db, userId: string, email: string, duplicate: AuthError): Promise<void> {
  try {
    await db.query(
      `with u as (
         update auth.users set email = $2, email_change = '', email_change_token_new = '', updated_at = now(),
           raw_user_meta_data = case when raw_user_meta_data ? 'email'
             then raw_user_meta_data || jsonb_build_object('email', $2::text) else raw_user_meta_data end
         where id = $1 returning id
       )
       update auth.identities i set identity_data = i.identity_data || jsonb_build_object('email', $2::text),
         updated_at = now()
       from u where i.user_id = u.id and i.provider = 'email'`,
      [userId, email],
    );
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw duplicate;
    throw err;
  }
}
