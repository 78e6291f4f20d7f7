-- Public profile of every auth user: created by a trigger when Supabase Auth inserts the user.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text,
  created_at timestamptz not null default now()
);

comment on table public.profiles is 'One row per auth user, created by the on_auth_user_created trigger.';
comment on column public.profiles.display_name is 'Shown to conversation partners; defaults to raw_user_meta_data.display_name or the email''s local part.';

alter table public.profiles enable row level security;

-- Profiles are created by the trigger and deleted with the user: the API may only read them and rename oneself.
revoke all on table public.profiles from anon;
revoke insert, update, delete, truncate, references, trigger on table public.profiles from authenticated;
grant update (display_name) on table public.profiles to authenticated;

create policy "profiles: a user reads their own profile"
  on public.profiles for select
  to authenticated
  using (id = (select auth.uid()));

create policy "profiles: a user updates their own profile"
  on public.profiles for update
  to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name)
  values (
    new.id,
    coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(split_part(new.email, '@', 1), '')
    )
  );
  return new;
end;
$$;

revoke execute on function public.handle_new_user() from public, anon, authenticated;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();
