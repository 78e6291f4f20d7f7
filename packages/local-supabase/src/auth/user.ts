// The GoTrue User object (models/user.go JSON field order), built from auth.users / auth.identities rows.

export type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: string | Date | null;
  created_at: string | Date | null;
  updated_at: string | Date | null;
  email: string | null;
};

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  has_password: boolean;
  email_confirmed_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  recovery_sent_at: Date | null;
  email_change_sent_at: Date | null;
  new_email: string | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  banned_until: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
  identities: IdentityRow[] | null;
};

export type User = Record<string, unknown> & { id: string; email: string; phone: string };

/** Timestamps as GoTrue sends them (RFC 3339, UTC); json_agg gives strings, node-postgres gives Dates. */
function iso(value: string | Date | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function toIdentity(row: IdentityRow): Record<string, unknown> {
  return {
    identity_id: row.id,
    id: row.provider_id,
    user_id: row.user_id,
    identity_data: row.identity_data ?? {},
    provider: row.provider,
    last_sign_in_at: iso(row.last_sign_in_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    email: row.email ?? undefined,
  };
}

/** GoTrue omits empty optional timestamps (`omitempty`); JSON.stringify drops the `undefined`s. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    aud: row.aud ?? "",
    role: row.role ?? "",
    email: row.email ?? "",
    email_confirmed_at: iso(row.email_confirmed_at),
    phone: row.phone ?? "",
    phone_confirmed_at: iso(row.phone_confirmed_at),
    confirmation_sent_at: iso(row.confirmation_sent_at),
    confirmed_at: iso(row.confirmed_at),
    recovery_sent_at: iso(row.recovery_sent_at),
    email_change_sent_at: iso(row.email_change_sent_at),
    new_email: row.new_email ?? undefined,
    last_sign_in_at: iso(row.last_sign_in_at),
    app_metadata: row.raw_app_meta_data ?? {},
    user_metadata: row.raw_user_meta_data ?? {},
    identities: (row.identities ?? []).map(toIdentity),
    banned_until: iso(row.banned_until),
    created_at: iso(row.created_at) ?? "",
    updated_at: iso(row.updated_at) ?? "",
    deleted_at: iso(row.deleted_at),
    is_anonymous: row.is_anonymous,
  };
}

/** Drops `undefined` members so the object equals its JSON form (what clients see). */
export function plainUser(row: UserRow): User {
  return JSON.parse(JSON.stringify(toUser(row))) as User;
}

export function isBanned(row: UserRow, now = new Date()): boolean {
  return row.banned_until !== null && row.banned_until.getTime() > now.getTime();
}
