// Marketplace-sized data for a schema as it stood before a given migration: the columns that exist at that
// point are filled (messages gets its audience columns only once the set-based RLS migration added them), and
// before the merge migration 5 % of the inquiries have a duplicate (a second inquiry of the same customer to
// the same agency, newer, holding a repeat of the first message and one message of its own).
//
// Shape (as scripts/scale/scale-data.ts): 10 agencies with an inquiry from each of 10,000 customers, 1,000
// agencies with 100 inquiries each, 2 staff per agency; 5 messages per inquiry. Generated inside the database
// with generate_series; triggers are skipped for conversations and messages (session_replication_role =
// replica) and what they would set is computed here.
import { withClient } from "local-supabase";

export type StageSize = { customers: number; smallAgencies: number; messagesPerConversation: number };

/** 200,000 inquiries, 1,000,000 messages (and 10,000 duplicate inquiries before the merge). */
export const MARKETPLACE: StageSize = { customers: 10_000, smallAgencies: 1_000, messagesPerConversation: 5 };
/** 20,000 inquiries, 40,000 messages: to try the bench quickly. */
export const SMALL: StageSize = { customers: 1_000, smallAgencies: 100, messagesPerConversation: 2 };

export const BIG_AGENCIES = 10;
const SMALL_AGENCY_INQUIRIES = 100;
/** One in DUPLICATE_EVERY inquiries has a duplicate (5 %). */
const DUPLICATE_EVERY = 20;

export function stageDataSql(size: StageSize, has: { audienceColumns: boolean; duplicates: boolean }): string {
  const agencies = BIG_AGENCIES + size.smallAgencies;
  const audience = has.audienceColumns;
  return `
begin;
create function pg_temp.bench_uuid(text) returns uuid language sql immutable
as $f$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $f$;

insert into auth.users (id, email, raw_user_meta_data)
select pg_temp.bench_uuid('bench:' || kind || ':' || n), kind || '-' || n || '@bench.test',
  jsonb_build_object('display_name', initcap(kind) || ' ' || n)
from (
  select 'staff' as kind, n from generate_series(1, ${agencies * 2}) n
  union all select 'customer', n from generate_series(1, ${size.customers}) n
) u;

insert into public.agencies (id, name, slug)
select pg_temp.bench_uuid('bench:agency:' || n), 'Bench Agency ' || n, 'bench-agency-' || n
from generate_series(1, ${agencies}) n;

insert into public.agency_members (agency_id, user_id)
select pg_temp.bench_uuid('bench:agency:' || a), pg_temp.bench_uuid('bench:staff:' || (2 * a - 2 + s))
from generate_series(1, ${agencies}) a, generate_series(1, 2) s;

set local session_replication_role = replica;

create temporary table bench_conversations on commit drop as
with pairs (a, c) as (
  select a, c from generate_series(1, ${BIG_AGENCIES}) a, generate_series(1, ${size.customers}) c
  union all
  select a, (a * 131 + i) % ${size.customers} + 1
  from generate_series(${BIG_AGENCIES + 1}, ${agencies}) a, generate_series(0, ${SMALL_AGENCY_INQUIRIES - 1}) i
)
select
  pg_temp.bench_uuid('bench:conversation:' || a || ':' || c) as id, a, c, false as duplicate,
  pg_temp.bench_uuid('bench:agency:' || a) as agency_id,
  pg_temp.bench_uuid('bench:customer:' || c) as customer_id,
  pg_temp.bench_uuid('bench:staff:' || (2 * a - 1)) as staff_id,
  ${size.messagesPerConversation} as message_count,
  timestamptz '2026-01-01 00:00:00+00' + row_number() over (order by c, a) * interval '1 minute' as created_at
from pairs;

${
  has.duplicates
    ? `-- The duplicates: a second inquiry, a day newer, with a repeat of message 1 and one message of its own.
insert into bench_conversations
select pg_temp.bench_uuid('bench:duplicate:' || a || ':' || c), a, c, true, agency_id, customer_id, staff_id, 2,
  created_at + interval '1 day'
from bench_conversations
where (a * 7 + c) % ${DUPLICATE_EVERY} = 0;`
    : ""
}

insert into public.conversations (id, context_type, context_id, created_by, created_at, last_message_at)
select id, 'agency_inquiry', agency_id, customer_id, created_at, created_at + (message_count - 1) * interval '1 second'
from bench_conversations;

-- Message j of an inquiry; in a duplicate, message 1 repeats the original's message 1 (same key and body).
insert into public.messages (conversation_id, sender_id, body, client_message_id, created_at${audience ? ", conversation_created_by, conversation_agency_id" : ""})
select
  bc.id,
  case when j % 2 = 1 then bc.customer_id else bc.staff_id end,
  case when bc.duplicate and j = 1 then 'Message 1 of inquiry ' || bc.c || ' to agency ' || bc.a || '.'
       when bc.duplicate then 'Follow-up in the duplicate of inquiry ' || bc.c || ' to agency ' || bc.a || '.'
       else 'Message ' || j || ' of inquiry ' || bc.c || ' to agency ' || bc.a || '.' end,
  case when bc.duplicate and j = 1 then pg_temp.bench_uuid('bench:message:' || bc.a || ':' || bc.c || ':1')
       when bc.duplicate then gen_random_uuid()
       else pg_temp.bench_uuid('bench:message:' || bc.a || ':' || bc.c || ':' || j) end,
  bc.created_at + (j - 1) * interval '1 second'${audience ? ", bc.customer_id, bc.agency_id" : ""}
from bench_conversations bc, generate_series(1, bc.message_count) j;

commit;
`;
}

export async function loadStageData(
  url: string,
  size: StageSize,
  has: { audienceColumns: boolean; duplicates: boolean },
): Promise<void> {
  await withClient(url, async (client) => {
    client.on("notice", () => {});
    await client.query("set statement_timeout = 0");
    await client.query(stageDataSql(size, has));
    await client.query(
      "vacuum analyze auth.users, public.profiles, public.agency_members, public.conversations, public.messages",
    );
    await client.query("checkpoint");
  });
}
