-- partner_profiles(ids) and the profiles policy after 20261202100000_partner_names_by_requested_ids.sql: a
-- whole-table read of profiles shows oneself, colleagues and the staff of the agencies one wrote to; the
-- customers who wrote to one's agency are shown only by id, through partner_profiles, and only to its staff.
begin;
select plan(13);

select tests.create_user('pp-customer', '{"display_name":"PP Customer"}');
select tests.create_user('pp-staff', '{"display_name":"PP Staff"}');
select tests.create_user('pp-colleague', '{"display_name":"PP Colleague"}');
select tests.create_user('pp-stranger', '{"display_name":"PP Stranger"}');
select tests.create_user('pp-other-staff', '{"display_name":"PP Other Staff"}');
select tests.create_agency('pp-agency', staff => array['pp-staff', 'pp-colleague']);
select tests.create_agency('pp-other-agency', staff => array['pp-other-staff']);
-- The customer wrote to PP Agency; a support conversation to the other agency's id is no inquiry.
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', tests.agency_id('pp-agency'), tests.uid('pp-customer')),
  ('support', tests.agency_id('pp-other-agency'), tests.uid('pp-stranger'));

create temporary table everyone on commit drop as
select array[
  tests.uid('pp-customer'), tests.uid('pp-staff'), tests.uid('pp-colleague'), tests.uid('pp-stranger'),
  tests.uid('pp-other-staff')
] as ids;
grant select on everyone to authenticated;

-- staff of PP Agency
select tests.authenticate_as(tests.uid('pp-staff'));
select bag_eq(
  $$select id from public.profiles$$,
  array[tests.uid('pp-staff'), tests.uid('pp-colleague')],
  'staff read themselves and their colleague in profiles, not the customers of their agency'
);
select bag_eq(
  $$select id, display_name from public.partner_profiles((select ids from everyone))$$,
  $$values (tests.uid('pp-customer'), 'PP Customer'), (tests.uid('pp-staff'), 'PP Staff'),
    (tests.uid('pp-colleague'), 'PP Colleague')$$,
  'partner_profiles gives staff the customer who wrote to their agency, themselves and their colleague'
);
select is_empty(
  $$select 1 from public.partner_profiles(array[tests.uid('pp-stranger'), tests.uid('pp-other-staff')])$$,
  'not a stranger, nor staff of another agency'
);

-- the customer
select tests.authenticate_as(tests.uid('pp-customer'));
select bag_eq(
  $$select id from public.profiles$$,
  array[tests.uid('pp-customer'), tests.uid('pp-staff'), tests.uid('pp-colleague')],
  'a customer reads themselves and the staff of the agency they wrote to'
);
select bag_eq(
  $$select id from public.partner_profiles((select ids from everyone))$$,
  array[tests.uid('pp-customer'), tests.uid('pp-staff'), tests.uid('pp-colleague')],
  'partner_profiles gives a customer the same people'
);

-- staff of the other agency: the support conversation does not make its author a partner
select tests.authenticate_as(tests.uid('pp-other-staff'));
select bag_eq(
  $$select id from public.partner_profiles((select ids from everyone))$$,
  array[tests.uid('pp-other-staff')],
  'a support conversation naming an agency''s id is no inquiry to it'
);

-- the stranger
select tests.authenticate_as(tests.uid('pp-stranger'));
select bag_eq(
  $$select id from public.partner_profiles((select ids from everyone))$$,
  array[tests.uid('pp-stranger')],
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
  $$select public.partner_profiles(array[tests.uid('pp-customer')])$$,
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
