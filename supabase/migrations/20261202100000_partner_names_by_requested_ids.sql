-- Partner names cost what the page asks for, not what the caller may see.
--
-- Before: the profiles policy was `id = any ((select private.my_partner_ids())::uuid[])`, and for staff that array
-- held every customer who ever wrote to their agency. At 2M conversations, staff of an agency with 200,000
-- inquiries built an array of 200,000 ids on every statement that read profiles: the inbox page's lookup of 20
-- names, and any `GET /rest/v1/profiles?limit=…` (docs/database.md, "Scale ×10").
--
-- After:
-- - `private.my_partner_ids()` keeps the partners whose number is bounded by the caller's own rows: colleagues,
--   and staff of the agencies the caller wrote to. The profiles policy is unchanged in form (an index lookup by
--   primary key over that small array), so a whole-table read of profiles stays an index scan for everyone.
-- - The customers who wrote to the caller's agencies are no longer readable by a whole-table read of profiles.
--   Their names come from `public.partner_profiles(ids)`: it checks only the requested ids (at most 200), each
--   with one probe of `conversations_created_by_context_idx` (a semi-join), never the list of all of them.
--
-- Locks: replacing the policy takes an access exclusive lock on profiles for an instant. Give up after 5 s (the
-- deploy fails and can be retried) rather than queue every reader of profiles behind a long transaction.
set local lock_timeout = '5s';

create or replace function private.my_partner_ids()
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
  );
$$;

comment on function private.my_partner_ids() is 'Ids of the calling user''s colleagues and of the staff of the agencies they wrote to (bounded by the caller''s own rows). Customers who wrote to the caller''s agencies are checked one requested id at a time by public.partner_profiles.';

-- shares_conversation_with keeps its meaning (any conversation partner), now without the big array.
create or replace function private.shares_conversation_with(user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select shares_conversation_with.user_id = any (private.my_partner_ids())
    or exists (
      select 1
      from public.conversations c
      where c.created_by = shares_conversation_with.user_id
        and c.context_type = 'agency_inquiry'
        and c.context_id = any (private.my_agency_ids())
    );
$$;

create function public.partner_profiles(ids uuid[])
returns setof public.profiles
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if cardinality(ids) > 200 then
    -- PostgREST answers 400 with this code.
    raise exception using
      errcode = 'invalid_parameter_value',
      message = 'partner_profiles: at most 200 ids',
      detail = format('%s ids were given.', cardinality(ids));
  end if;
  return query
  select p.*
  from public.profiles p
  where p.id = any (ids)
    and (
      p.id = (select auth.uid())
      or p.id = any ((select private.my_partner_ids())::uuid[])
      -- a customer who wrote to one of my agencies: for each requested id, one probe of the conversations
      -- it created (created_by leads the index), never the list of all of the agencies' customers. Written as
      -- a lateral probe: as `in (…)` or `exists (…)` the planner may build a hash of every inquiry to the
      -- agency instead, having estimated them at a few thousand when they are 200,000.
      or p.id in (
        select requested.id
        from unnest(ids) as requested (id)
        cross join lateral (
          select 1
          from public.conversations c
          where c.created_by = requested.id
            and c.context_type = 'agency_inquiry'
            and c.context_id = any ((select private.my_agency_ids())::uuid[])
          limit 1
        ) as inquiry
      )
    );
end;
$$;

comment on function public.partner_profiles(uuid[]) is 'Profiles among the given ids (at most 200) that the calling user may see: themself, colleagues, staff of the agencies they wrote to, customers who wrote to their agencies.';

revoke execute on function public.partner_profiles(uuid[]) from public, anon;
grant execute on function public.partner_profiles(uuid[]) to authenticated, service_role;
