-- Travel agencies listed on the marketplace, and the users who answer inquiries for them.

create table public.agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique
    constraint agencies_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
  description text not null default '',
  created_at timestamptz not null default now()
);

comment on column public.agencies.slug is 'URL segment (/agencies/<slug>): lowercase letters, digits and single hyphens.';

create table public.agency_members (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (agency_id, user_id)
);

comment on table public.agency_members is 'Agency staff: members read and answer the inquiries addressed to their agency.';

-- "Which agencies am I staff of?" (the primary key serves lookups by agency).
create index agency_members_user_id_idx on public.agency_members (user_id);

alter table public.agencies enable row level security;
alter table public.agency_members enable row level security;

-- Agencies are public reading; they are managed outside the API (service role, migrations, seed).
revoke all on table public.agencies from anon, authenticated;
grant select on table public.agencies to anon, authenticated;

revoke all on table public.agency_members from anon, authenticated;
grant select on table public.agency_members to authenticated;

-- Security definer so that policies can ask without recursing into agency_members' own policy.
create function public.is_agency_member(agency_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.agency_members am
    where am.agency_id = is_agency_member.agency_id
      and am.user_id = (select auth.uid())
  );
$$;

comment on function public.is_agency_member(uuid) is 'True when the calling user (auth.uid()) is a member of the agency.';

revoke execute on function public.is_agency_member(uuid) from public, anon;
grant execute on function public.is_agency_member(uuid) to authenticated, service_role;

create policy "agencies: everyone reads agencies"
  on public.agencies for select
  to anon, authenticated
  using (true);

create policy "agency_members: members read their agency's members"
  on public.agency_members for select
  to authenticated
  using (user_id = (select auth.uid()) or public.is_agency_member(agency_id));
