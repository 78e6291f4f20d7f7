// Bulk data at marketplace scale, generated inside the database by one SQL script (generate_series), never
// through the API. Used by `npm run seed:scale`, the plan tests and the bench.
//
// Shape, as on a marketplace that works: many agencies, a few of them large. `bigAgencies` agencies get an
// inquiry from every one of `customers` customers; `smallAgencies` agencies get `smallAgencyInquiries` each.
// Every agency has two staff members. Each inquiry holds `messagesPerConversation` messages, alternating
// customer and staff, two per second (so pages meet equal timestamps); one inquiry (the "big thread") holds
// `bigThreadMessages`. `idleUsers` users own nothing. `directoryAgencies` more agencies have no staff and no
// inquiries: rows for the directory (/agencies) to page through, two of each name (the id breaks the tie).
import { createHash } from "node:crypto";
import { withClient } from "local-supabase";

export type ScaleSize = {
  bigAgencies: number;
  smallAgencies: number;
  smallAgencyInquiries: number;
  customers: number;
  messagesPerConversation: number;
  bigThreadMessages: number;
  idleUsers: number;
  directoryAgencies: number;
};

/** `npm run seed:scale`: 20,000 users, 200,000 conversations, 1,019,995 messages, 10 agencies with 10,000 inquiries. */
export const FULL_SCALE: ScaleSize = {
  bigAgencies: 10,
  smallAgencies: 1_000,
  smallAgencyInquiries: 100,
  customers: 10_000,
  messagesPerConversation: 5,
  bigThreadMessages: 20_000,
  idleUsers: 7_980,
  directoryAgencies: 0,
};

/**
 * `npm run seed:scale -- --size 10m`: 219,002 users, 2,000,000 conversations, 10,019,995 messages; one agency
 * with 200,000 inquiries (one from every customer), 9,000 agencies with 200 each, a 20,000-message thread.
 */
export const TEN_M_SCALE: ScaleSize = {
  bigAgencies: 1,
  smallAgencies: 9_000,
  smallAgencyInquiries: 200,
  customers: 200_000,
  messagesPerConversation: 5,
  bigThreadMessages: 20_000,
  idleUsers: 1_000,
  directoryAgencies: 0,
};

/** The sizes `seed:scale --size` and BENCH_SCALE name. */
export const SCALE_SIZES = { "1m": FULL_SCALE, "10m": TEN_M_SCALE } as const;
export type ScaleSizeName = keyof typeof SCALE_SIZES;

/**
 * The plan tests: 100,000 conversations and 104,999 messages, 5 agencies with 10,000 inquiries, 100,000
 * agencies in all.
 */
export const PLAN_SCALE: ScaleSize = {
  bigAgencies: 5,
  smallAgencies: 500,
  smallAgencyInquiries: 100,
  customers: 10_000,
  messagesPerConversation: 1,
  bigThreadMessages: 5_000,
  idleUsers: 100,
  directoryAgencies: 99_495,
};

export const SCALE_EMAIL_DOMAIN = "scale.test";
export const SCALE_PASSWORD = "password123";

/**
 * A deterministic, well-formed (version 4, RFC 4122 variant) uuid from a text; the same as the SQL
 * `overlay(overlay(md5(text) placing '4' from 13) placing '8' from 17)::uuid` in scaleDataSql.
 */
export function md5Uuid(text: string): string {
  const md5 = createHash("md5").update(text).digest("hex");
  const hex = `${md5.slice(0, 12)}4${md5.slice(13, 16)}8${md5.slice(17)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const scaleUserId = (kind: "staff" | "customer" | "idle", n: number) => md5Uuid(`scale:${kind}:${n}`);
export const scaleUserEmail = (kind: "staff" | "customer" | "idle", n: number) => `${kind}-${n}@${SCALE_EMAIL_DOMAIN}`;
export const scaleAgencyId = (n: number) => md5Uuid(`scale:agency:${n}`);
export const scaleConversationId = (agency: number, customer: number) =>
  md5Uuid(`scale:conversation:${agency}:${customer}`);
const agencyCount = (size: ScaleSize) => size.bigAgencies + size.smallAgencies;

/** Who the plan tests and the bench act as. Numbering starts at 1. */
export const scaleActors = {
  /** Staff of agency 1, a big agency (`customers` inquiries). */
  staff: { id: scaleUserId("staff", 1), email: scaleUserEmail("staff", 1), agencyId: scaleAgencyId(1) },
  /** Wrote to every big agency, and to some small ones. */
  customerWithMany: { id: scaleUserId("customer", 1), email: scaleUserEmail("customer", 1) },
  /** Owns nothing and is nobody's partner. */
  customerWithNothing: { id: scaleUserId("idle", 1), email: scaleUserEmail("idle", 1) },
  /** Customer 1's inquiry to agency 1. */
  bigThreadId: scaleConversationId(1, 1),
};

/** The columns scaleDataSql fills, as SQL (table, column) pairs. */
const KNOWN_COLUMNS = [
  [
    "conversations",
    [
      "id",
      "context_type",
      "context_id",
      "created_by",
      "created_at",
      "last_message_at",
      "customer_message_count",
      "agency_message_count",
    ],
  ],
  [
    "messages",
    [
      "id",
      "conversation_id",
      "sender_id",
      "body",
      "client_message_id",
      "created_at",
      "conversation_created_by",
      "conversation_agency_id",
    ],
  ],
] as const satisfies readonly (readonly [string, readonly string[]])[];
const KNOWN_COLUMNS_SQL = KNOWN_COLUMNS.flatMap(([table, columns]) =>
  columns.map((column) => `('${table}', '${column}')`),
).join(", ");

/** Read markers: every customer has read the agency's replies; the answering staff member all but the customer's last message. */
const SCALE_READ_MARKERS_SQL = `insert into public.conversation_reads (conversation_id, user_id, seen_count, last_read_at)
select sc.id, sc.customer_id, sc.message_count / 2, sc.created_at + sc.message_count * interval '1 second'
from scale_conversations sc
union all
select sc.id, sc.staff_id, greatest((sc.message_count + 1) / 2 - 1, 0), sc.created_at + sc.message_count * interval '1 second'
from scale_conversations sc;
`;

/** Agencies without staff or inquiries, for the directory: two of each name, so the id breaks ties. */
const directoryAgenciesSql = (count: number) => `insert into public.agencies (name, slug, description)
select 'Directory Agency ' || (n + 1) / 2, 'directory-agency-' || n, 'Generated by seed:scale, for the directory.'
from generate_series(1, ${count}) n;
`;

/** The unread totals that the skipped triggers would have kept, counted from the conversations and markers. */
const SCALE_UNREAD_TOTALS_SQL = `select private.recount_inbox_totals();
`;

/** The temporary table scale_conversations: one row per inquiry, with its actors' ids and its messages' shape. */
function scaleConversationsSql(size: ScaleSize): string {
  const { bigAgencies, smallAgencyInquiries, customers } = size;
  const agencies = agencyCount(size);
  return `-- Each actor's id is hashed once (md5 is most of this step's time), then joined to the pairs.
create temporary table scale_agency_ids on commit drop as
select a, pg_temp.scale_uuid('scale:agency:' || a) as agency_id, pg_temp.scale_uuid('scale:staff:' || (2 * a - 1)) as staff_id
from generate_series(1, ${agencies}) a;

create temporary table scale_customer_ids on commit drop as
select c, pg_temp.scale_uuid('scale:customer:' || c) as customer_id
from generate_series(1, ${customers}) c;

create temporary table scale_conversations on commit drop as
with pairs (a, c) as (
  select a, c from generate_series(1, ${bigAgencies}) a, generate_series(1, ${customers}) c
  union all
  select a, (a * 131 + i) % ${customers} + 1
  from generate_series(${bigAgencies + 1}, ${agencies}) a, generate_series(0, ${smallAgencyInquiries - 1}) i
)
select
  pg_temp.scale_uuid('scale:conversation:' || p.a || ':' || p.c) as id,
  p.a, p.c, ag.agency_id, cu.customer_id, ag.staff_id,
  case when p.a = 1 and p.c = 1 then ${size.bigThreadMessages} else ${size.messagesPerConversation} end as message_count,
  timestamptz '2026-01-01 00:00:00+00' + row_number() over (order by p.c, p.a) * interval '1 minute' as created_at,
  ' of inquiry ' || p.c || ' to agency ' || p.a || '.' as body_end
from pairs p
join scale_agency_ids ag on ag.a = p.a
join scale_customer_ids cu on cu.c = p.c;
`;
}

/** One script (run it as a superuser, then vacuum: loadScaleData does both) that inserts the data; it refuses to run twice on one database. */
export function scaleDataSql(size: ScaleSize): string {
  const { customers, idleUsers } = size;
  const agencies = agencyCount(size);
  return `
begin;

do $$
begin
  if exists (select 1 from public.agencies where slug = 'scale-agency-1') then
    raise exception 'scale data is already loaded in this database';
  end if;
end
$$;

-- Every column of conversations and messages is filled below, derived ones included. A column this script does
-- not know (a counter added by a later migration) would be left at its default, which is wrong for loaded
-- rows: refuse instead, so the loader is taught to fill it.
do $$
declare
  unknown text;
begin
  select string_agg(table_name || '.' || column_name, ', ') into unknown
  from information_schema.columns
  where table_schema = 'public'
    and (table_name::text, column_name::text) not in (${KNOWN_COLUMNS_SQL})
    and table_name in ('conversations', 'messages');
  if unknown is not null then
    raise exception 'the scale loader does not fill % (scripts/scale/scale-data.ts)', unknown;
  end if;
end
$$;

-- Deterministic ids (see md5Uuid), so tests and the bench can name the actors.
create function pg_temp.scale_uuid(text) returns uuid language sql immutable
as $f$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $f$;

-- Users (the auth trigger creates their profiles). One password hash for all: bcrypt per user takes minutes.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select
  '00000000-0000-0000-0000-000000000000', pg_temp.scale_uuid('scale:' || u.kind || ':' || u.n), 'authenticated',
  'authenticated', u.kind || '-' || u.n || '@${SCALE_EMAIL_DOMAIN}', pw.hash, now(),
  '{"provider":"email","providers":["email"]}'::jsonb,
  jsonb_build_object('display_name', initcap(u.kind) || ' ' || u.n), now(), now(), '', '', '', ''
from (select extensions.crypt('${SCALE_PASSWORD}', extensions.gen_salt('bf', 4)) as hash) pw,
  (
    select 'staff' as kind, n from generate_series(1, ${agencies * 2}) n
    union all select 'customer', n from generate_series(1, ${customers}) n
    union all select 'idle', n from generate_series(1, ${idleUsers}) n
  ) u;

insert into public.agencies (id, name, slug, description)
select pg_temp.scale_uuid('scale:agency:' || n), 'Scale Agency ' || n, 'scale-agency-' || n, 'Generated by seed:scale.'
from generate_series(1, ${agencies}) n;

${directoryAgenciesSql(size.directoryAgencies)}insert into public.agency_members (agency_id, user_id)
select pg_temp.scale_uuid('scale:agency:' || a), pg_temp.scale_uuid('scale:staff:' || (2 * a - 2 + s))
from generate_series(1, ${agencies}) a, generate_series(1, 2) s;

-- Conversations and messages are consistent by construction: triggers (agency check, last_message_at, the
-- messages' copy of their conversation's audience, foreign keys) are skipped for the bulk insert, and what
-- they would set is computed here.
set local session_replication_role = replica;

-- The three big tables' indexes are dropped for the load and built again at the end: one sort each, instead of
-- millions of random insertions into indexes larger than PostgreSQL's buffers (at 10M messages that took the
-- load from minutes to most of an hour; the 4M read markers' two indexes alone took half a minute). Primary keys and unique constraints go the same way (dropped and added
-- again, which checks them), except those a foreign key depends on (conversations_pkey, which the
-- conversations' 2M rows fill in minutes anyway). All in this transaction: a failed load leaves them as they were.
create temporary table scale_rebuilt_indexes on commit drop as
select
  case
    when k.oid is not null then format('alter table %s add constraint %I %s', i.indrelid::regclass, k.conname, pg_get_constraintdef(k.oid))
    else pg_get_indexdef(i.indexrelid)
  end as definition,
  case
    when k.oid is not null then format('alter table %s drop constraint %I', i.indrelid::regclass, k.conname)
    else format('drop index %s', i.indexrelid::regclass)
  end as removal
from pg_index i
left join pg_constraint k on k.conindid = i.indexrelid and k.contype in ('p', 'u')
where i.indrelid in ('public.conversations'::regclass, 'public.messages'::regclass, 'public.conversation_reads'::regclass)
  and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid);

do $$
declare
  r record;
begin
  for r in select removal from scale_rebuilt_indexes loop
    execute r.removal;
  end loop;
end
$$;

${scaleConversationsSql(size)}
insert into public.conversations (id, context_type, context_id, created_by, created_at, last_message_at,
  customer_message_count, agency_message_count) -- messages alternate customer and staff: the counters are halves
select id, 'agency_inquiry', agency_id, customer_id, created_at,
  case when message_count > 0 then created_at + (message_count - 1) / 2 * interval '1 second' end,
  (message_count + 1) / 2, message_count / 2
from scale_conversations
order by id; -- appended to conversations_pkey in order, not inserted at random places

-- Message j is sent at created_at + floor((j - 1) / 2) seconds: two messages share each timestamp. Its
-- client_message_id is its conversation's id with j in the last group (unique per sender, as a client's key is):
-- a second gen_random_uuid() per row was a third of this statement's time.
insert into public.messages (
  conversation_id, sender_id, body, client_message_id, created_at, conversation_created_by, conversation_agency_id
)
select
  sc.id,
  case when j % 2 = 1 then sc.customer_id else sc.staff_id end,
  'Message ' || j || sc.body_end,
  overlay(sc.id::text placing lpad(to_hex(j), 5, '0') from 25)::uuid,
  sc.created_at + (j - 1) / 2 * interval '1 second',
  sc.customer_id,
  sc.agency_id
from scale_conversations sc, generate_series(1, sc.message_count) j;

${SCALE_READ_MARKERS_SQL}-- Enough memory that the 10M-row sorts stay in memory; the builds use parallel workers where PostgreSQL
-- allows them (max_parallel_maintenance_workers, 2 by default).
set local maintenance_work_mem = '1GB';
do $$
declare
  r record;
begin
  for r in select definition from scale_rebuilt_indexes loop
    execute r.definition;
  end loop;
end
$$;

${SCALE_UNREAD_TOTALS_SQL}commit;
`;
}

/**
 * Loads `size` into the migrated database at `url` (as a superuser), vacuums it, and writes it out with a
 * checkpoint: otherwise PostgreSQL's checkpointer keeps writing the load's pages to disk for a minute or more,
 * and whatever is measured next shares the cores with it.
 */
export async function loadScaleData(url: string, size: ScaleSize): Promise<void> {
  await withClient(url, async (client) => {
    client.on("notice", () => {});
    await client.query("set statement_timeout = 0");
    await client.query(scaleDataSql(size));
    await client.query(SCALE_VACUUM_SQL);
    await client.query("checkpoint");
  });
}

/** Run after the load, as a statement of its own: statistics for the planner, the visibility map for index-only scans. */
const SCALE_VACUUM_SQL =
  "vacuum analyze auth.users, public.profiles, public.agencies, public.agency_members, public.conversations, public.messages, public.conversation_reads, public.customer_inbox_totals, public.agency_inbox_totals, public.agency_inbox_seen_totals";

/** How many rows scaleDataSql(size) inserts. */
export function scaleRowCounts(size: ScaleSize) {
  const agencies = agencyCount(size);
  const conversations = size.bigAgencies * size.customers + size.smallAgencies * size.smallAgencyInquiries;
  return {
    users: agencies * 2 + size.customers + size.idleUsers,
    agencies: agencies + size.directoryAgencies,
    conversations,
    messages: (conversations - 1) * size.messagesPerConversation + size.bigThreadMessages,
  };
}

/**
 * How many unread-total rows differ from their sums over the conversations and markers (0 when the loader filled
 * them right): seed:scale's verification and the plan tests run it after a load.
 */
export const UNREAD_TOTALS_MISMATCHES_SQL = `
with customer_sums as (
  select sums.user_id, sum(sums.received) as received, sum(sums.seen) as seen
  from (
    select c.created_by as user_id, c.agency_message_count::bigint as received, 0::bigint as seen
    from public.conversations c
    union all
    select r.user_id, 0, r.seen_count
    from public.conversation_reads r
    join public.conversations c on c.id = r.conversation_id and c.created_by = r.user_id
  ) sums
  group by sums.user_id
),
agency_sums as (
  select a.id as agency_id, coalesce(sum(c.customer_message_count), 0) as received
  from public.agencies a
  left join public.conversations c on c.context_type = 'agency_inquiry' and c.context_id = a.id
  group by a.id
),
staff_sums as (
  select r.user_id, c.context_id as agency_id, sum(r.seen_count) as seen
  from public.conversation_reads r
  join public.conversations c on c.id = r.conversation_id
  where c.created_by <> r.user_id and c.context_type = 'agency_inquiry'
  group by r.user_id, c.context_id
)
select
  (select count(*) from customer_sums s full join public.customer_inbox_totals t using (user_id)
    where coalesce(s.received, 0) <> coalesce(t.received_count, 0) or coalesce(s.seen, 0) <> coalesce(t.seen_count, 0))
  + (select count(*) from agency_sums s full join public.agency_inbox_totals t using (agency_id)
    where s.received is distinct from t.received_count)
  + (select count(*) from staff_sums s full join public.agency_inbox_seen_totals t using (user_id, agency_id)
    where coalesce(s.seen, 0) <> coalesce(t.seen_count, 0)) as mismatches`;

/** A user's unread total as the sum over their conversations of each row's unread count (the slow, obvious way). */
export const PER_ROW_UNREAD_SUM_SQL = `
select coalesce(sum(greatest(0,
    case when c.created_by = $1 then c.agency_message_count else c.customer_message_count end
    - coalesce(r.seen_count, 0))), 0)::bigint as unread
from public.conversations c
left join public.conversation_reads r on r.conversation_id = c.id and r.user_id = $1
where c.created_by = $1
  or (c.context_type = 'agency_inquiry'
    and c.context_id in (select m.agency_id from public.agency_members m where m.user_id = $1))`;
