-- Row-level security the planner can use with indexes, so a request costs what the caller's own rows cost.
--
-- Before: the select policies called security definer functions once per row (is_conversation_participant,
-- is_agency_member, shares_conversation_with). The planner cannot look inside them, so every read of
-- conversations, messages or profiles scanned the whole table and filtered row by row.
--
-- After: each policy is a predicate on indexed columns. The only functions left are set-returning helpers
-- wrapped in `(select …)`: evaluated once per statement (an InitPlan), their result is a constant array the
-- index scans can use. Visibility is unchanged (supabase/tests/database/*.test.sql).
--
-- The helpers move to the schema `private`, which PostgREST does not expose: they are no longer callable as
-- /rest/v1/rpc/*. `alter function … set schema` keeps every object that refers to them working.
--
-- Locks, in the order a message insert takes them (messages, then conversations and agency_members through its
-- policy and triggers), before any statement below needs one: taking conversations first (drop policy) and
-- messages later (alter table) deadlocks with sends in flight. While this runs, sends wait: the backfill of
-- messages and the index builds take time in proportion to the tables.
-- (In a DO block: the CLI runs a migration file as one transaction, but not a transaction block, where a
-- top-level LOCK TABLE is refused. The locks last until the file's transaction ends.)
do $$
begin
  lock table public.messages in access exclusive mode;
  lock table public.conversations, public.agency_members, public.profiles in access exclusive mode;
end
$$;

grant usage on schema private to authenticated;

alter function public.is_agency_member(uuid) set schema private;
alter function public.is_conversation_participant(uuid) set schema private;
alter function public.shares_conversation_with(uuid) set schema private;

-- The agencies the caller is staff of. Security definer: it reads agency_members without going through
-- agency_members' own policy (which uses it).
create function private.my_agency_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(am.agency_id), '{}')
  from public.agency_members am
  where am.user_id = (select auth.uid());
$$;

comment on function private.my_agency_ids() is 'Ids of the agencies the calling user (auth.uid()) is a member of; empty when none.';

-- Users whose profile the caller may read besides their own: colleagues, staff of the agencies the caller
-- wrote to, customers who wrote to the caller's agencies. One array, so the profiles policy is an index
-- lookup by primary key; its size is the caller's own partners, not the table's.
create function private.my_partner_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  -- Duplicates are harmless to `= any (…)` and cheaper than removing them.
  select array(
    -- colleagues in an agency
    select theirs.user_id
    from public.agency_members mine
    join public.agency_members theirs on theirs.agency_id = mine.agency_id
    where mine.user_id = (select auth.uid())
    union all
    -- my inquiries, answered by their agency
    select am.user_id
    from public.conversations c
    join public.agency_members am on am.agency_id = c.context_id
    where c.context_type = 'agency_inquiry' and c.created_by = (select auth.uid())
    union all
    -- their inquiries, addressed to my agency (an index-only scan of conversations_context_idx)
    select c.created_by
    from public.agency_members mine
    join public.conversations c on c.context_type = 'agency_inquiry' and c.context_id = mine.agency_id
    where mine.user_id = (select auth.uid())
  );
$$;

comment on function private.my_partner_ids() is 'Ids of the users who share a conversation with the calling user, or an agency.';

-- The old helpers stay available to policies and tests in private, rewritten on top of the set helpers.
create or replace function private.is_agency_member(agency_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select is_agency_member.agency_id = any (private.my_agency_ids());
$$;

create or replace function private.shares_conversation_with(user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select shares_conversation_with.user_id = any (private.my_partner_ids());
$$;

create or replace function private.is_conversation_participant(conversation_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.conversations c
    where c.id = is_conversation_participant.conversation_id
      and (
        c.created_by = (select auth.uid())
        or (c.context_type = 'agency_inquiry' and c.context_id = any (private.my_agency_ids()))
      )
  );
$$;

revoke execute on all functions in schema private from public, anon;
grant execute on function private.my_agency_ids(), private.my_partner_ids(), private.is_agency_member(uuid),
  private.is_conversation_participant(uuid), private.shares_conversation_with(uuid)
  to authenticated, service_role;

-- Policies: same visibility, written as predicates on indexed columns.

drop policy "agency_members: members read their agency's members" on public.agency_members;
create policy "agency_members: members read their agency's members"
  on public.agency_members for select
  to authenticated
  using (user_id = (select auth.uid()) or agency_id = any ((select private.my_agency_ids())::uuid[]));

drop policy "conversations: participants read" on public.conversations;
create policy "conversations: participants read"
  on public.conversations for select
  to authenticated
  using (
    created_by = (select auth.uid())
    or (context_type = 'agency_inquiry' and context_id = any ((select private.my_agency_ids())::uuid[]))
  );

-- Messages: readable by whoever may read their conversation. A policy cannot join (a subquery such as
-- `conversation_id in (select id from conversations)` is planned as a filter over every message), so each
-- message carries its conversation's two audience columns, copied by a trigger, and the policy is the
-- conversations policy again, on indexed columns of messages.
alter table public.messages
  add column conversation_created_by uuid,
  add column conversation_agency_id uuid;

comment on column public.messages.conversation_created_by is 'Copy of conversations.created_by (trigger messages_copy_conversation_audience): who may read the message.';
comment on column public.messages.conversation_agency_id is 'Copy of conversations.context_id for an agency_inquiry, else null: whose staff may read the message.';

update public.messages m
set conversation_created_by = c.created_by,
  conversation_agency_id = case when c.context_type = 'agency_inquiry' then c.context_id end
from public.conversations c
where c.id = m.conversation_id;

create function private.messages_copy_conversation_audience()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select c.created_by, case when c.context_type = 'agency_inquiry' then c.context_id end
  into new.conversation_created_by, new.conversation_agency_id
  from public.conversations c
  where c.id = new.conversation_id;
  return new;
end;
$$;

create trigger messages_copy_conversation_audience
  before insert or update of conversation_id, conversation_created_by, conversation_agency_id on public.messages
  for each row execute function private.messages_copy_conversation_audience();

-- Conversations are never re-addressed through the API (no update privilege); if an administrator does it, the
-- messages follow.
create function private.conversations_copy_audience_to_messages()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.messages m
  set conversation_created_by = new.created_by,
    conversation_agency_id = case when new.context_type = 'agency_inquiry' then new.context_id end
  where m.conversation_id = new.id;
  return null;
end;
$$;

create trigger conversations_copy_audience_to_messages
  after update of created_by, context_type, context_id on public.conversations
  for each row execute function private.conversations_copy_audience_to_messages();

revoke execute on function private.messages_copy_conversation_audience(),
  private.conversations_copy_audience_to_messages() from public, anon, authenticated;

drop policy "messages: participants read" on public.messages;
create policy "messages: participants read"
  on public.messages for select
  to authenticated
  using (
    conversation_created_by = (select auth.uid())
    or conversation_agency_id = any ((select private.my_agency_ids())::uuid[])
  );

drop policy "messages: participants send as themselves" on public.messages;
create policy "messages: participants send as themselves"
  on public.messages for insert
  to authenticated
  with check (sender_id = (select auth.uid()) and private.is_conversation_participant(conversation_id));
-- A with-check is evaluated for the inserted row only, never to filter a table: here one primary-key lookup
-- is cheaper than building the caller's whole conversation list for every send.

drop policy "profiles: conversation partners read each other" on public.profiles;
create policy "profiles: conversation partners read each other"
  on public.profiles for select
  to authenticated
  using (id = any ((select private.my_partner_ids())::uuid[]));

-- Indexes for each query shape under these policies. Keyset pagination orders by activity (or time) and then
-- by id, so equal timestamps still have one order; the id ends each index so a page boundary is one seek.

-- The customer's inbox (created_by = me), newest activity first.
drop index public.conversations_created_by_activity_idx;
create index conversations_created_by_activity_idx
  on public.conversations (created_by, last_message_at desc nulls last, created_at desc, id desc);

-- The agency's inbox (context_type = 'agency_inquiry' and context_id = one of my agencies), newest first.
-- created_by is included so "customers who wrote to my agency" (my_partner_ids) is an index-only scan.
drop index public.conversations_context_idx;
create index conversations_context_idx
  on public.conversations (context_type, context_id, last_message_at desc nulls last, created_at desc, id desc)
  include (created_by);

-- The button's check and the POST's find: the caller's inquiry to one agency. unique_agency_user_conversation
-- has the same columns, but it is partial (context_type = 'agency_inquiry'), and PostgREST runs prepared
-- statements: once PostgreSQL switches to a generic plan, `context_type = $1` no longer proves the partial
-- index's predicate, and it intersected the caller's rows with all 10,000 of the agency's instead.
create index conversations_created_by_context_idx on public.conversations (created_by, context_id);

-- A thread's page (newest first, read backwards for oldest first).
drop index public.messages_conversation_id_created_at_idx;
create index messages_conversation_id_created_at_id_idx
  on public.messages (conversation_id, created_at desc, id desc);

-- Messages the caller may read, when nothing narrower is asked (a whole-table read is two index ranges).
create index messages_conversation_created_by_idx on public.messages (conversation_created_by);
create index messages_conversation_agency_id_idx on public.messages (conversation_agency_id);

-- Already there and used as they are: profiles_pkey (profiles of partners: id = any(array)),
-- agency_members_pkey (agency_id, user_id) and agency_members_user_id_idx (my agencies, colleagues),
-- unique_agency_user_conversation (the inserts' arbiter) and messages_sender_client_message_id_key (the
-- POST's find of a replayed send).
