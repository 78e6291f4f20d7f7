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
-- This file was restructured in place (no deploy of this schema exists yet): the set-based row-level security
-- change was one file, one transaction holding access exclusive locks on messages, conversations, agency_members
-- and profiles through the backfill and six index builds. It is now 20261128100000 to 20261128101300, each file
-- a short transaction that takes a strong lock on at most one table, with lock_timeout, so no file holds one
-- table while it waits for another (the deadlock with reads and sends), and none makes sends wait for the
-- backfill or an index build (docs/database.md, "Deploying at scale").
--
-- The steps, in order: (00) helpers, and messages gets its two audience columns and the trigger that fills them
-- for new messages; (01) the trigger that keeps them right when a conversation is re-addressed; (02) backfill of
-- the existing messages; (03–08) the indexes, built concurrently; (10–13) each table's policies switched, one
-- table per file, once its indexes and data are there.
--
-- This file: strong locks on messages only (access exclusive to add the nullable columns: no rewrite, an
-- instant; share row exclusive for the trigger).
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

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

-- Messages: readable by whoever may read their conversation. A policy cannot join (a subquery such as
-- `conversation_id in (select id from conversations)` is planned as a filter over every message), so each
-- message carries its conversation's two audience columns, copied by a trigger, and the policy is the
-- conversations policy again, on indexed columns of messages.
alter table public.messages
  add column conversation_created_by uuid,
  add column conversation_agency_id uuid;

comment on column public.messages.conversation_created_by is 'Copy of conversations.created_by (trigger messages_copy_conversation_audience): who may read the message.';
comment on column public.messages.conversation_agency_id is 'Copy of conversations.context_id for an agency_inquiry, else null: whose staff may read the message.';

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

revoke execute on function private.messages_copy_conversation_audience() from public, anon, authenticated;
