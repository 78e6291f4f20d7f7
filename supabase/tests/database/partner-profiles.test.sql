-- partner_profiles(ids) and the profiles policy after 20261202100000_partner_names_by_requested_ids.sql: a
-- whole-table read of profiles shows oneself, colleagues and the staff of the agencies one wrote to; the
-- customers who wrote to one's agency are shown only by id, through partner_profiles, and only to its staff.
begin;
select plan(13);

select tests.create_user('e1000000-0000-4000-8000-000000000001', 'pp-customer@example.test', '{"display_name":"PP Customer"}');
select tests.create_user('e1000000-0000-4000-8000-000000000002', 'pp-staff@agency.test', '{"display_name":"PP Staff"}');
select tests.create_user('e1000000-0000-4000-8000-000000000003', 'pp-colleague@agency.test', '{"display_name":"PP Colleague"}');
select tests.create_user('e1000000-0000-4000-8000-000000000004', 'pp-stranger@example.test', '{"display_name":"PP Stranger"}');
select tests.create_user('e1000000-0000-4000-8000-000000000005', 'pp-other-staff@agency.test', '{"display_name":"PP Other Staff"}');
insert into public.agencies (id, name, slug) values
  ('e2000000-0000-4000-8000-000000000001', 'PP Agency', 'pp-agency'),
  ('e2000000-0000-4000-8000-000000000002', 'PP Other Agency', 'pp-other-agency');
insert into public.agency_members (agency_id, user_id) values
  ('e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000002'),
  ('e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000003'),
  ('e2000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000005');
-- The customer wrote to PP Agency; a support conversation to the other agency's id is no inquiry.
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', 'e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001'),
  ('support', 'e2000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000004');

create temporary table everyone on commit drop as
select array[
  'e1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000002',
  'e1000000-0000-4000-8000-000000000003', 'e1000000-0000-4000-8000-000000000004',
  'e1000000-0000-4000-8000-000000000005'
]::uuid[] as ids;
grant select on everyone to authenticated;

-- staff of PP Agency
select tests.authenticate_as('e1000000-0000-4000-8000-000000000002');
select results_eq(
  $$select id from public.profiles order by id$$,
  $$values ('e1000000-0000-4000-8000-000000000002'::uuid), ('e1000000-0000-4000-8000-000000000003'::uuid)$$,
  'staff read themselves and their colleague in profiles, not the customers of their agency'
);
select results_eq(
  $$select id, display_name from public.partner_profiles((select ids from everyone)) order by id$$,
  $$values ('e1000000-0000-4000-8000-000000000001'::uuid, 'PP Customer'), ('e1000000-0000-4000-8000-000000000002'::uuid, 'PP Staff'),
    ('e1000000-0000-4000-8000-000000000003'::uuid, 'PP Colleague')$$,
  'partner_profiles gives staff the customer who wrote to their agency, themselves and their colleague'
);
select is_empty(
  $$select 1 from public.partner_profiles('{e1000000-0000-4000-8000-000000000004,e1000000-0000-4000-8000-000000000005}')$$,
  'not a stranger, nor staff of another agency'
);

-- the customer
select tests.authenticate_as('e1000000-0000-4000-8000-000000000001');
select results_eq(
  $$select id from public.profiles order by id$$,
  $$values ('e1000000-0000-4000-8000-000000000001'::uuid), ('e1000000-0000-4000-8000-000000000002'::uuid),
    ('e1000000-0000-4000-8000-000000000003'::uuid)$$,
  'a customer reads themselves and the staff of the agency they wrote to'
);
select results_eq(
  $$select id from public.partner_profiles((select ids from everyone)) order by id$$,
  $$values ('e1000000-0000-4000-8000-000000000001'::uuid), ('e1000000-0000-4000-8000-000000000002'::uuid),
    ('e1000000-0000-4000-8000-000000000003'::uuid)$$,
  'partner_profiles gives a customer the same people'
);

-- staff of the other agency: the support conversation does not make its author a partner
select tests.authenticate_as('e1000000-0000-4000-8000-000000000005');
select results_eq(
  $$select id from public.partner_profiles((select ids from everyone))$$,
  $$values ('e1000000-0000-4000-8000-000000000005'::uuid)$$,
  'a support conversation naming an agency''s id is no inquiry to it'
);

-- the stranger
select tests.authenticate_as('e1000000-0000-4000-8000-000000000004');
select results_eq(
  $$select id from public.partner_profiles((select ids from everyone))$$,
  $$values ('e1000000-0000-4000-8000-000000000004'::uuid)$$,
  'a stranger gets only their own profile'
);
select is_empty($$select 1 from public.partner_profiles('{}')$$, 'no ids, no rows');
select is_empty($$select 1 from public.partner_profiles(null)$$, 'null ids, no rows');
select lives_ok(
  $$select public.partner_profiles(array(select gen_random_uuid() from generate_series(1, 200)))$$,
  '200 ids are accepted'
);
select throws_ok(
  $$select public.partner_profiles(array(select gen_random_uuid() from generate_series(1, 201)))$$,
  '22023', 'partner_profiles: at most 200 ids',
  'more than 200 ids are refused with 22023 (PostgREST: 400)'
);

-- anon
select tests.clear_authentication();
select throws_ok(
  $$select public.partner_profiles('{e1000000-0000-4000-8000-000000000001}')$$,
  '42501', null,
  'anon cannot call partner_profiles'
);

reset role;
select is(
  (select prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'public.partner_profiles(uuid[])'::regprocedure),
  true,
  'partner_profiles is security definer with an empty search_path'
);

select * from finish();
rollback;
