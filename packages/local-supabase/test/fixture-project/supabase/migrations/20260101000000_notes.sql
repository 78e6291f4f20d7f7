create table public.notes (
  id bigint generated always as identity primary key,
  body text not null
);
alter table public.notes enable row level security;
create policy notes_read on public.notes for select to anon, authenticated using (true);
grant select on public.notes to anon, authenticated;
grant all on public.notes to service_role;
