-- Helpers for the pgTAP files: act as a signed-in user or as a visitor, and create auth users.
-- Files run in name order, so this one runs first. Unlike the others it creates its objects outside a
-- transaction: they stay in the test database for every file after it (each of which rolls back its own data).
create schema if not exists tests;
grant usage on schema tests to anon, authenticated;

-- An auth user as the Auth server stores it; the profile trigger runs as for a sign-up.
create or replace function tests.create_user(id uuid, email text, user_metadata jsonb default null)
returns uuid
language sql
as $$
  insert into auth.users (id, email, raw_user_meta_data) values (id, email, user_metadata) returning id
$$;

-- What PostgREST does for a request with this user's access token: role authenticated and the token's claims,
-- until the end of the transaction.
create or replace function tests.authenticate_as(user_id uuid)
returns void
language plpgsql
as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', user_id, 'role', 'authenticated')::text, true);
end
$$;

-- What PostgREST does for a request without a token: role anon, no user.
create or replace function tests.clear_authentication()
returns void
language plpgsql
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
end
$$;

-- Once a file has switched to anon or authenticated, the next switch runs as that role.
grant execute on function tests.authenticate_as(uuid), tests.clear_authentication() to anon, authenticated;

begin;
select plan(5);

select has_function('tests', 'create_user', array['uuid', 'text', 'jsonb'], 'tests.create_user(id, email, user_metadata) exists');
select has_function('tests', 'authenticate_as', array['uuid'], 'tests.authenticate_as(user_id) exists');
select has_function('tests', 'clear_authentication', array[]::text[], 'tests.clear_authentication() exists');

select tests.create_user('00000000-0000-4000-8000-00000000a001', 'helper@example.test');
select tests.authenticate_as('00000000-0000-4000-8000-00000000a001');
select is(
  (select auth.uid()::text || ' ' || current_user),
  '00000000-0000-4000-8000-00000000a001 authenticated',
  'authenticate_as sets the role and the user'
);
select tests.clear_authentication();
select is(
  (select coalesce(auth.uid()::text, 'no user') || ' ' || current_user),
  'no user anon',
  'clear_authentication leaves an anonymous visitor'
);

reset role;
select * from finish();
rollback;
