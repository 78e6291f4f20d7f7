-- Conversation partners see each other's display name: the customer sees agency staff, staff see the customer.
-- Colleagues (members of the same agency) see each other too.
--
-- Replacing profiles' policy locks profiles (access exclusive) for an instant. Give up after 1 s waiting for it
-- rather than queue every profile read behind a long transaction. (Added in place: no deploy exists yet.)
set local lock_timeout = '1s';

create function public.shares_conversation_with(user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select
    -- colleagues in an agency
    exists (
      select 1
      from public.agency_members mine
      join public.agency_members theirs on theirs.agency_id = mine.agency_id
      where mine.user_id = (select auth.uid())
        and theirs.user_id = shares_conversation_with.user_id
    )
    -- my inquiry, answered by their agency
    or exists (
      select 1
      from public.conversations c
      join public.agency_members am on am.agency_id = c.context_id
      where c.context_type = 'agency_inquiry'
        and c.created_by = (select auth.uid())
        and am.user_id = shares_conversation_with.user_id
    )
    -- their inquiry, addressed to my agency
    or exists (
      select 1
      from public.conversations c
      join public.agency_members am on am.agency_id = c.context_id
      where c.context_type = 'agency_inquiry'
        and c.created_by = shares_conversation_with.user_id
        and am.user_id = (select auth.uid())
    );
$$;

comment on function public.shares_conversation_with(uuid) is 'True when the calling user and the given user are participants of a common conversation (or colleagues in an agency).';

revoke execute on function public.shares_conversation_with(uuid) from public, anon;
grant execute on function public.shares_conversation_with(uuid) to authenticated, service_role;

create policy "profiles: conversation partners read each other"
  on public.profiles for select
  to authenticated
  using (public.shares_conversation_with(id));
