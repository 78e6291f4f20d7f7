-- Exact unread totals for the header, whatever the number of conversations (issue "Live conversations").
--
-- Unread for one conversation is the other side's counter minus the viewer's marker
-- (20261202110000_unread_counters_and_read_markers.sql). Summed over a user's conversations, that is a sum of
-- counters minus a sum of markers, and both sums are kept here by triggers, in the same transaction as the
-- write they follow:
--
--   customer_inbox_totals (user_id)              received_count: agency_message_count summed over the
--                                                conversations the user started; seen_count: the user's own
--                                                markers on them
--   agency_inbox_totals (agency_id)              received_count: customer_message_count summed over the
--                                                inquiries addressed to the agency
--   agency_inbox_seen_totals (user_id, agency_id) seen_count: the user's markers on that agency's inquiries
--                                                (inquiries they did not start themselves)
--
-- Unread total for a user = (received - seen) of their customer inbox + for each agency they staff
-- (received - their seen - the customer messages of their own inquiry to it, if they wrote to their own
-- agency: that conversation is theirs as a customer). This equals the sum of each row's max(0, other side -
-- marker) because a marker never exceeds the other side's counter (checked below for every writer, and counters
-- only grow). public.my_unread_total reads it: a handful of primary-key lookups.
--
-- Contention: a customer's message adds one to its agency's row, which stays locked until the send commits, so
-- concurrent sends of customers to one agency commit one after another (the trigger does that update last, one
-- index lookup). docs/database.md, "Unread totals".
--
-- Locks, in the order a send takes them: messages and conversations (writes wait, reads go on) while the new
-- triggers are created and the totals counted from the existing rows, so that no write falls between the count
-- and the triggers. Give up after 5 s rather than queue every send behind a long transaction.
set local lock_timeout = '5s';

do $$
begin
  lock table public.messages in share row exclusive mode;
  lock table public.conversations in share row exclusive mode;
  lock table public.conversation_reads in share row exclusive mode;
  lock table public.agencies in share row exclusive mode;
end
$$;

create table public.customer_inbox_totals (
  user_id uuid primary key references auth.users (id) on delete cascade,
  received_count bigint not null default 0,
  seen_count bigint not null default 0
);

comment on table public.customer_inbox_totals is 'Per customer: the agencies'' messages in the conversations they started, and how many of those their markers have seen. Kept by triggers.';

create table public.agency_inbox_totals (
  agency_id uuid primary key references public.agencies (id) on delete cascade,
  received_count bigint not null default 0
);

comment on table public.agency_inbox_totals is 'Per agency: the customers'' messages in the inquiries addressed to it. One row per agency, made with the agency; kept by triggers.';

create table public.agency_inbox_seen_totals (
  user_id uuid not null references auth.users (id) on delete cascade,
  agency_id uuid not null references public.agencies (id) on delete cascade,
  seen_count bigint not null default 0,
  primary key (user_id, agency_id)
);

comment on table public.agency_inbox_seen_totals is 'Per staff member and agency: the sum of their markers on the agency''s inquiries (not their own). Kept by triggers.';

-- The cascade from agencies (the primary key serves the cascade from auth.users and every read).
create index agency_inbox_seen_totals_agency_id_idx on public.agency_inbox_seen_totals (agency_id);

alter table public.customer_inbox_totals enable row level security;
alter table public.agency_inbox_totals enable row level security;
alter table public.agency_inbox_seen_totals enable row level security;

-- Read only: the triggers (security definer) are the only writers.
revoke all on table public.customer_inbox_totals, public.agency_inbox_totals, public.agency_inbox_seen_totals
  from anon, authenticated;
grant select on table public.customer_inbox_totals, public.agency_inbox_totals, public.agency_inbox_seen_totals
  to authenticated;

create policy "customer_inbox_totals: a user reads their own"
  on public.customer_inbox_totals for select
  to authenticated
  using (user_id = (select auth.uid()));

-- A semi-join on the caller's memberships rather than `= any (private.my_agency_ids())`: with the array, the
-- planner read this small table sequentially instead of probing its primary key (tests/plans).
create policy "agency_inbox_totals: staff read their agency's"
  on public.agency_inbox_totals for select
  to authenticated
  using (
    exists (
      select 1
      from public.agency_members am
      where am.agency_id = agency_inbox_totals.agency_id
        and am.user_id = (select auth.uid())
    )
  );

create policy "agency_inbox_seen_totals: a user reads their own"
  on public.agency_inbox_seen_totals for select
  to authenticated
  using (user_id = (select auth.uid()));

-- Every agency has its row from the start, so a send only ever updates it (never an upsert, and nothing for an
-- inquiry whose agency was deleted).
create function private.agencies_create_inbox_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.agency_inbox_totals (agency_id) values (new.id) on conflict do nothing;
  return null;
end;
$$;

revoke execute on function private.agencies_create_inbox_totals() from public, anon, authenticated;

create trigger agencies_create_inbox_totals
  after insert on public.agencies
  for each row execute function private.agencies_create_inbox_totals();

-- The send's trigger: the conversation's update as before, then one more row, the inbox the message arrives
-- in. The audience columns were copied onto the message before the insert (messages_copy_conversation_audience).
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

  if new.sender_id is not distinct from new.conversation_created_by then
    -- Held until the send commits: concurrent customer sends to one agency queue here (docs/database.md).
    update public.agency_inbox_totals t
    set received_count = t.received_count + 1
    where t.agency_id = new.conversation_agency_id;
  else
    insert into public.customer_inbox_totals as t (user_id, received_count)
    values (new.conversation_created_by, 1)
    on conflict (user_id) do update set received_count = t.received_count + 1;
  end if;
  return null;
end;
$$;

-- Adds `delta` to the total that a marker of `user_id` on `conversation_id` belongs to: their customer inbox's
-- for a conversation they started, else their seen total for the agency it is addressed to. Nothing when the
-- conversation is gone (its delete trigger settled its markers first).
create function private.add_to_seen_total(conversation_id uuid, user_id uuid, delta bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  conversation record;
begin
  if delta = 0 then
    return;
  end if;
  select c.created_by, c.context_type, c.context_id into conversation
  from public.conversations c
  where c.id = add_to_seen_total.conversation_id;
  if not found then
    return;
  end if;
  -- Only a marker that adds makes a row. A subtraction may come from a cascade that is deleting the user or the
  -- agency: then their totals go too, and are left alone (updating a row made in the same transaction checks its
  -- foreign key again, against a parent already gone).
  if conversation.created_by = add_to_seen_total.user_id then
    if delta > 0 then
      insert into public.customer_inbox_totals as t (user_id, seen_count)
      values (add_to_seen_total.user_id, delta)
      on conflict on constraint customer_inbox_totals_pkey do update set seen_count = t.seen_count + excluded.seen_count;
    else
      update public.customer_inbox_totals t set seen_count = t.seen_count + delta
      where t.user_id = add_to_seen_total.user_id
        and exists (select 1 from auth.users u where u.id = add_to_seen_total.user_id);
    end if;
  elsif conversation.context_type = 'agency_inquiry' then
    if delta > 0 then
      insert into public.agency_inbox_seen_totals as t (user_id, agency_id, seen_count)
      values (add_to_seen_total.user_id, conversation.context_id, delta)
      on conflict on constraint agency_inbox_seen_totals_pkey do update set seen_count = t.seen_count + excluded.seen_count;
    else
      update public.agency_inbox_seen_totals t set seen_count = t.seen_count + delta
      where t.user_id = add_to_seen_total.user_id and t.agency_id = conversation.context_id
        and exists (select 1 from auth.users u where u.id = add_to_seen_total.user_id)
        and exists (select 1 from public.agencies a where a.id = conversation.context_id);
    end if;
  end if;
end;
$$;

revoke execute on function private.add_to_seen_total(uuid, uuid, bigint) from public, anon, authenticated;

-- Markers: insert, update (normally the count moving forward) and delete move the seen totals by the
-- difference. A marker past the other side's counter is refused for every writer, the service role and
-- superusers included (the policies already refuse it to clients): the totals are exact only while no marker
-- exceeds it. Counters only grow, and this reads the newest committed counter, so a concurrent send never makes
-- a valid mark fail.
create function private.conversation_reads_count_seen()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op <> 'DELETE' and new.seen_count > (
    select case when c.created_by = new.user_id then c.agency_message_count else c.customer_message_count end
    from public.conversations c
    where c.id = new.conversation_id
  ) then
    raise exception using
      errcode = 'check_violation',
      message = 'a read marker cannot count more messages than the other side has sent',
      detail = format('seen_count %s for conversation %s.', new.seen_count, new.conversation_id);
  end if;
  if tg_op = 'UPDATE' and (new.conversation_id, new.user_id) = (old.conversation_id, old.user_id) then
    perform private.add_to_seen_total(new.conversation_id, new.user_id, new.seen_count::bigint - old.seen_count);
    return null;
  end if;
  if tg_op <> 'INSERT' then
    perform private.add_to_seen_total(old.conversation_id, old.user_id, -old.seen_count::bigint);
  end if;
  if tg_op <> 'DELETE' then
    perform private.add_to_seen_total(new.conversation_id, new.user_id, new.seen_count::bigint);
  end if;
  return null;
end;
$$;

revoke execute on function private.conversation_reads_count_seen() from public, anon, authenticated;

create trigger conversation_reads_count_seen
  after insert or update or delete on public.conversation_reads
  for each row execute function private.conversation_reads_count_seen();

-- A conversation leaves (withdrawn while empty, or with its customer's account): before the row goes, its
-- markers are deleted (their trigger subtracts them while the conversation can still be read) and its counters
-- are subtracted from the two inboxes. The row is locked by then, so no send can change the counters. When the
-- customer's account is what is being deleted, their totals go with it and are left alone (see above).
create function private.conversations_settle_inbox_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.conversation_reads r where r.conversation_id = old.id;
  if old.context_type = 'agency_inquiry' and old.customer_message_count <> 0 then
    update public.agency_inbox_totals t
    set received_count = t.received_count - old.customer_message_count
    where t.agency_id = old.context_id;
  end if;
  if old.agency_message_count <> 0 then
    update public.customer_inbox_totals t
    set received_count = t.received_count - old.agency_message_count
    where t.user_id = old.created_by
      and exists (select 1 from auth.users u where u.id = old.created_by);
  end if;
  return old;
end;
$$;

revoke execute on function private.conversations_settle_inbox_totals() from public, anon, authenticated;

create trigger conversations_settle_inbox_totals
  before delete on public.conversations
  for each row execute function private.conversations_settle_inbox_totals();

-- All totals counted again from the conversations and the markers: for this migration, and for bulk loads that
-- skip triggers (seed:scale). The caller makes sure nothing is written meanwhile (locks, or one transaction).
create function private.recount_inbox_totals()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.customer_inbox_totals;
  delete from public.agency_inbox_totals;
  delete from public.agency_inbox_seen_totals;

  insert into public.agency_inbox_totals (agency_id, received_count)
  select a.id, coalesce(sum(c.customer_message_count), 0)
  from public.agencies a
  left join public.conversations c on c.context_type = 'agency_inquiry' and c.context_id = a.id
  group by a.id;

  insert into public.customer_inbox_totals (user_id, received_count, seen_count)
  select counted.user_id, sum(counted.received), sum(counted.seen)
  from (
    select c.created_by as user_id, c.agency_message_count::bigint as received, 0::bigint as seen
    from public.conversations c
    union all
    select r.user_id, 0, r.seen_count
    from public.conversation_reads r
    join public.conversations c on c.id = r.conversation_id and c.created_by = r.user_id
  ) counted
  group by counted.user_id;

  insert into public.agency_inbox_seen_totals (user_id, agency_id, seen_count)
  select r.user_id, c.context_id, sum(r.seen_count)
  from public.conversation_reads r
  join public.conversations c on c.id = r.conversation_id
  where c.created_by <> r.user_id
    and c.context_type = 'agency_inquiry'
    and exists (select 1 from public.agencies a where a.id = c.context_id)
  group by r.user_id, c.context_id;
end;
$$;

comment on function private.recount_inbox_totals() is 'Counts every unread total again from conversations and conversation_reads (migrations, bulk loads).';

revoke execute on function private.recount_inbox_totals() from public, anon, authenticated;

select private.recount_inbox_totals();

-- The header's read: the caller's unread total over all their conversations, and the agencies they staff (the
-- Realtime topics to join). Security invoker: every table is read under its own row-level security. One row,
-- from primary-key lookups: the caller's customer totals, then per agency they staff its totals, their seen
-- total and their own inquiry to it (unique_agency_user_conversation).
create view public.my_unread_total
with (security_invoker = true)
as
select
  (
    coalesce((
      select t.received_count - t.seen_count
      from public.customer_inbox_totals t
      where t.user_id = (select auth.uid())
    ), 0)
    + coalesce((
      -- Correlated lookups by primary key, one set per agency the caller staffs.
      select sum(
        coalesce((select a.received_count from public.agency_inbox_totals a where a.agency_id = m.agency_id), 0)
        - coalesce((
          select s.seen_count from public.agency_inbox_seen_totals s
          where s.user_id = m.user_id and s.agency_id = m.agency_id
        ), 0)
        - coalesce((
          select own.customer_message_count from public.conversations own
          where own.context_type = 'agency_inquiry' and own.context_id = m.agency_id and own.created_by = m.user_id
        ), 0)
      )
      from public.agency_members m
      where m.user_id = (select auth.uid())
    ), 0)
  )::bigint as unread_count,
  array(
    select m.agency_id
    from public.agency_members m
    where m.user_id = (select auth.uid())
    order by m.agency_id
  ) as agency_ids;

comment on view public.my_unread_total is 'The caller''s unread messages over all their conversations (customer and staff sides), and the agencies they staff.';

revoke all on table public.my_unread_total from anon, authenticated;
grant select on table public.my_unread_total to authenticated;
