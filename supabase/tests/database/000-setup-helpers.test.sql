-- Helpers for the pgTAP files: named actors and agencies, acting as a signed-in user or as a visitor.
-- Files run in name order, so this one runs first. Unlike the others it creates its objects outside a
-- transaction: they stay in the test database for every file after it (each of which rolls back its own data).
create schema if not exists tests;
grant usage on schema tests to anon, authenticated;

-- Actors are named, never numbered: tests.create_user('customer') makes customer@example.test (display name
-- "customer", as for a sign-up), and tests.uid('customer') finds its id again, whatever role the file has switched to.
create or replace function tests.create_user(name text, user_metadata jsonb default null)
returns uuid
language sql
as $$
  insert into auth.users (id, email, raw_user_meta_data)
  values (gen_random_uuid(), name || '@example.test', user_metadata)
  returning id
$$;

create or replace function tests.uid(name text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  select id into found from auth.users where email = name || '@example.test';
  if found is null then
    raise exception 'tests.uid: no user named % (create it with tests.create_user)', name;
  end if;
  return found;
end
$$;

-- Agencies by slug: tests.create_agency('asked-agency', staff => array['staff']) makes "Asked Agency" with that staff.
create or replace function tests.create_agency(slug text, staff text[] default '{}')
returns uuid
language plpgsql
as $$
declare
  agency uuid;
begin
  insert into public.agencies (name, slug, description)
  values (initcap(replace(slug, '-', ' ')), slug, 'For tests.')
  returning id into agency;
  insert into public.agency_members (agency_id, user_id)
  select agency, tests.uid(member) from unnest(staff) as member;
  return agency;
end
$$;

create or replace function tests.agency_id(slug text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  select id into found from public.agencies where agencies.slug = agency_id.slug;
  if found is null then
    raise exception 'tests.agency_id: no agency with slug % (create it with tests.create_agency)', slug;
  end if;
  return found;
end
$$;

-- The inquiry a named customer started to an agency, found as any role (there is one per customer and agency).
create or replace function tests.conversation_id(customer text, agency text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  select id into strict found from public.conversations
  where context_type = 'agency_inquiry' and context_id = tests.agency_id(agency) and created_by = tests.uid(customer);
  return found;
exception
  when no_data_found then
    raise exception 'tests.conversation_id: % has no inquiry to %', customer, agency;
end
$$;

-- A named customer's conversation that is not about an agency (context_type 'support'), found as any role.
create or replace function tests.support_conversation_id(customer text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  select id into strict found from public.conversations
  where context_type = 'support' and created_by = tests.uid(customer);
  return found;
exception
  when no_data_found then
    raise exception 'tests.support_conversation_id: % has no support conversation', customer;
  when too_many_rows then
    raise exception 'tests.support_conversation_id: % has more than one support conversation', customer;
end
$$;

-- An id that no row has (ids come from gen_random_uuid()), for "does not exist"; the same in every call.
create or replace function tests.unknown_id()
returns uuid
language sql
immutable
as $$
  select repeat('0', 32)::uuid
$$;

-- A client's idempotency key for a named send: the same name gives the same key, in any role.
create or replace function tests.client_message_id(send text)
returns uuid
language sql
immutable
as $$
  select md5('client_message_id:' || send)::uuid
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

-- Once a file has switched to anon or authenticated, the next switch (and any lookup) runs as that role.
grant execute on function tests.authenticate_as(uuid), tests.clear_authentication(), tests.uid(text),
  tests.agency_id(text), tests.conversation_id(text, text), tests.support_conversation_id(text),
  tests.unknown_id(), tests.client_message_id(text)
  to anon, authenticated;

begin;
select plan(18);

select has_function('tests', 'create_user', array['text', 'jsonb'], 'tests.create_user(name, user_metadata) exists');
select has_function('tests', 'uid', array['text'], 'tests.uid(name) exists');
select has_function('tests', 'create_agency', array['text', 'text[]'], 'tests.create_agency(slug, staff) exists');
select has_function('tests', 'agency_id', array['text'], 'tests.agency_id(slug) exists');
select has_function('tests', 'conversation_id', array['text', 'text'], 'tests.conversation_id(customer, agency) exists');
select has_function('tests', 'support_conversation_id', array['text'], 'tests.support_conversation_id(customer) exists');
select has_function('tests', 'authenticate_as', array['uuid'], 'tests.authenticate_as(user_id) exists');
select has_function('tests', 'clear_authentication', array[]::text[], 'tests.clear_authentication() exists');

select tests.create_user('helper');
select tests.create_user('helper-customer', '{"display_name":"Helper Customer"}');
select tests.create_agency('helper-agency', staff => array['helper']);
insert into public.conversations (context_type, context_id, created_by)
values ('agency_inquiry', tests.agency_id('helper-agency'), tests.uid('helper-customer')),
  ('support', tests.unknown_id(), tests.uid('helper-customer'));

select is(
  (select display_name from public.profiles where id = tests.uid('helper')),
  'helper',
  'create_user makes a user named by the local part of its address, as a sign-up does'
);
select is(
  (select display_name from public.profiles where id = tests.uid('helper-customer')),
  'Helper Customer',
  'create_user passes the sign-up metadata on'
);
select throws_ok(
  $$select tests.uid('nobody')$$,
  'P0001', 'tests.uid: no user named nobody (create it with tests.create_user)',
  'uid refuses a name no one has'
);
select is(
  (select name from public.agencies where id = tests.agency_id('helper-agency')),
  'Helper Agency',
  'create_agency names the agency after its slug, and agency_id finds it'
);
select is(
  (select context_type from public.conversations where id = tests.support_conversation_id('helper-customer')),
  'support',
  'support_conversation_id finds a customer''s conversation that is not about an agency'
);
select tests.authenticate_as(tests.uid('helper'));
select is(
  (select (select auth.uid()) = tests.uid('helper') and current_user = 'authenticated'),
  true,
  'authenticate_as sets the role and the user; uid still finds users as that role'
);
select is(
  (select count(*)::int from public.agency_members where agency_id = tests.agency_id('helper-agency')),
  1,
  'create_agency adds the named staff'
);
select is(
  (select created_by from public.conversations where id = tests.conversation_id('helper-customer', 'helper-agency')),
  tests.uid('helper-customer'),
  'conversation_id finds a customer''s inquiry to an agency'
);
select tests.clear_authentication();
select is(
  (select coalesce(auth.uid()::text, 'no user') || ' ' || current_user),
  'no user anon',
  'clear_authentication leaves an anonymous visitor'
);
select is(
  tests.client_message_id('first-send') = tests.client_message_id('first-send')
    and tests.client_message_id('first-send') <> tests.client_message_id('second-send')
    and tests.unknown_id() = tests.unknown_id(),
  true,
  'client_message_id gives one key per send name, and unknown_id one id, in any role'
);

reset role;
select * from finish();
rollback;
