-- Unread counts that cost what the caller's own rows cost (issue "Live conversations").
--
-- 1. Per-side message counters on conversations: customer_message_count (messages by the customer who started
--    the conversation) and agency_message_count (everyone else: the agency's staff, and replies whose author's
--    account was deleted). The trigger that already keeps last_message_at adds one to the sender's side in the
--    same UPDATE, so a send still updates its conversation once.
-- 2. A read marker per user and conversation, conversation_reads(user_id, conversation_id, seen_count,
--    last_read_at): seen_count is how many of the other side's messages the user had when they last read it.
--    Unread for a user = the other side's count - seen_count. Staff read the customer's side, so their own
--    replies and their colleagues' are never unread for them; each staff member has their own marker.
-- 3. public.mark_conversation_read(conversation_id): the one write, idempotent, security invoker: it reads the
--    conversation under its row-level security (participants only) and upserts the caller's marker.
--    (Changed in place before any deploy: a plain SQL upsert answered 42501 when a concurrent mark had committed
--    a larger count than its snapshot's counter.)
--
-- Counters are kept by inserts, the only message write the API allows. The existing rows are counted by the
-- next migration, under a lock that holds sends only (20261202110100_count_existing_messages.sql).
--
-- Adding the columns locks conversations (access exclusive) for an instant; messages first, the order a send
-- takes them (its trigger updates conversations). Give up after 5 s rather than queue every send behind a long
-- transaction: the deploy fails and can be retried.
set local lock_timeout = '5s';

do $$
begin
  lock table public.messages in share row exclusive mode;
  lock table public.conversations in access exclusive mode;
end
$$;

alter table public.conversations
  add column customer_message_count integer not null default 0,
  add column agency_message_count integer not null default 0;

comment on column public.conversations.customer_message_count is 'Messages sent by the customer (created_by); kept by messages_touch_conversation.';
comment on column public.conversations.agency_message_count is 'Messages sent by anyone else (agency staff, or an author since deleted); kept by messages_touch_conversation.';

-- Same trigger, same single UPDATE: it also counts the message on its sender's side.
create or replace function public.messages_touch_conversation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set last_message_at = greatest(c.last_message_at, new.created_at),
    customer_message_count = c.customer_message_count + (new.sender_id is not distinct from c.created_by)::integer,
    agency_message_count = c.agency_message_count + (new.sender_id is distinct from c.created_by)::integer
  where c.id = new.conversation_id;
  return null;
end;
$$;

create table public.conversation_reads (
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  seen_count integer not null default 0 constraint conversation_reads_seen_count_not_negative check (seen_count >= 0),
  last_read_at timestamptz not null default now(),
  primary key (conversation_id, user_id)
);

comment on table public.conversation_reads is 'Read markers: how many of the other side''s messages a participant had seen when they last read the conversation. Written by mark_conversation_read().';
comment on column public.conversation_reads.seen_count is 'The other side''s message count (customer_message_count for staff, agency_message_count for the customer) when last read.';

-- The primary key serves "my marker of this conversation" (the inbox's embed, the upsert) and the cascade from
-- conversations; this one serves the cascade from auth.users and a whole-table read under the policy.
create index conversation_reads_user_id_idx on public.conversation_reads (user_id);

alter table public.conversation_reads enable row level security;

revoke all on table public.conversation_reads from anon, authenticated;
grant select on table public.conversation_reads to authenticated;
grant insert (conversation_id, user_id, seen_count, last_read_at) on table public.conversation_reads to authenticated;
grant update (seen_count, last_read_at) on table public.conversation_reads to authenticated;

create policy "conversation_reads: a user reads their own markers"
  on public.conversation_reads for select
  to authenticated
  using (user_id = (select auth.uid()));

-- A marker is written for one row: its own, in a conversation the caller takes part in (the subquery reads
-- conversations under their row-level security), and never past what the other side has sent.
create policy "conversation_reads: participants mark what they have seen"
  on public.conversation_reads for insert
  to authenticated
  with check (
    user_id = (select auth.uid())
    and exists (
      select 1
      from public.conversations c
      where c.id = conversation_reads.conversation_id
        and conversation_reads.seen_count <= case
          when c.created_by = (select auth.uid()) then c.agency_message_count
          else c.customer_message_count
        end
    )
  );

create policy "conversation_reads: participants move their own markers"
  on public.conversation_reads for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and exists (
      select 1
      from public.conversations c
      where c.id = conversation_reads.conversation_id
        and conversation_reads.seen_count <= case
          when c.created_by = (select auth.uid()) then c.agency_message_count
          else c.customer_message_count
        end
    )
  );

-- Marks everything the other side has sent so far as seen by the caller. Idempotent, and never moves a marker
-- back (two tabs marking at once keep the larger count). Returns no row when the conversation does not exist or
-- the caller does not take part in it: row-level security hides it, so both look the same.
-- A concurrent mark may have committed a larger count than this statement's snapshot shows: the upsert then
-- leaves that marker as it is (updating it would fail the policy's check against the older counter) and the
-- second statement, with a fresh snapshot, returns it.
create function public.mark_conversation_read(conversation_id uuid)
returns setof public.conversation_reads
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  marker public.conversation_reads;
begin
  insert into public.conversation_reads as r (conversation_id, user_id, seen_count, last_read_at)
  select
    c.id,
    (select auth.uid()),
    case when c.created_by = (select auth.uid()) then c.agency_message_count else c.customer_message_count end,
    now()
  from public.conversations c
  where c.id = mark_conversation_read.conversation_id
    and (select auth.uid()) is not null
  on conflict on constraint conversation_reads_pkey do update
    set seen_count = excluded.seen_count, last_read_at = excluded.last_read_at
    where r.seen_count <= excluded.seen_count
  returning r.* into marker;
  if not found then
    select r.* into marker
    from public.conversation_reads r
    join public.conversations c on c.id = r.conversation_id
    where r.conversation_id = mark_conversation_read.conversation_id
      and r.user_id = (select auth.uid());
    if not found then
      return;
    end if;
  end if;
  return next marker;
end;
$$;

comment on function public.mark_conversation_read(uuid) is 'Marks the conversation read for the caller (idempotent); no row when the caller does not take part in it.';

revoke execute on function public.mark_conversation_read(uuid) from public, anon;
grant execute on function public.mark_conversation_read(uuid) to authenticated, service_role;
