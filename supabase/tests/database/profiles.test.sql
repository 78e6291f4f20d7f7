-- Profiles: created for every new auth user; visible to oneself and conversation partners; renamable by oneself.
begin;
select plan(15);

-- Actors: a customer (display name in metadata), agency staff (email only), a stranger.
select tests.create_user('b1000000-0000-4000-8000-000000000001', 'customer@example.test', '{"display_name":"Test Customer"}');
select tests.create_user('b1000000-0000-4000-8000-000000000002', 'staff.member@agency.test', '{}');
select tests.create_user('b1000000-0000-4000-8000-000000000003', 'stranger@example.test', null);
insert into public.agencies (id, name, slug) values
  ('b2000000-0000-4000-8000-000000000001', 'Profile Agency', 'profile-agency');
insert into public.agency_members (agency_id, user_id) values
  ('b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002');
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', 'b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001');

select is(
  (select display_name from public.profiles where id = 'b1000000-0000-4000-8000-000000000001'),
  'Test Customer',
  'a new user gets a profile named after raw_user_meta_data.display_name'
);
select is(
  (select display_name from public.profiles where id = 'b1000000-0000-4000-8000-000000000002'),
  'staff.member',
  'without a display name the profile is named after the email''s local part'
);

-- the customer
select tests.authenticate_as('b1000000-0000-4000-8000-000000000001');

select results_eq(
  $$select id from public.profiles order by id$$,
  $$values ('b1000000-0000-4000-8000-000000000001'::uuid), ('b1000000-0000-4000-8000-000000000002'::uuid)$$,
  'a customer sees their own profile and the staff of the agency they wrote to, not strangers'
);

-- the agency staff
select tests.authenticate_as('b1000000-0000-4000-8000-000000000002');

select results_eq(
  $$select id from public.partner_profiles('{b1000000-0000-4000-8000-000000000001,b1000000-0000-4000-8000-000000000003}') order by id$$,
  $$values ('b1000000-0000-4000-8000-000000000001'::uuid)$$,
  'agency staff see the customers who wrote to their agency, by id (partner_profiles)'
);

-- the stranger
select tests.authenticate_as('b1000000-0000-4000-8000-000000000003');

select results_eq(
  $$select id from public.profiles$$,
  $$values ('b1000000-0000-4000-8000-000000000003'::uuid)$$,
  'a stranger sees only their own profile'
);
select lives_ok(
  $$update public.profiles set display_name = 'Renamed Stranger' where id = 'b1000000-0000-4000-8000-000000000003'$$,
  'a user renames themself'
);
select is(
  (select display_name from public.profiles where id = 'b1000000-0000-4000-8000-000000000003'),
  'Renamed Stranger',
  'the new name is stored'
);
select is_empty(
  $$update public.profiles set display_name = 'Hijacked' where id = 'b1000000-0000-4000-8000-000000000001' returning id$$,
  'a user cannot rename someone else'
);
select throws_ok(
  $$update public.profiles set id = 'b1000000-0000-4000-8000-000000000009' where id = 'b1000000-0000-4000-8000-000000000003'$$,
  '42501', null,
  'a user cannot change their profile''s id'
);
select throws_ok(
  $$insert into public.profiles (id, display_name) values ('b1000000-0000-4000-8000-000000000009', 'Ghost')$$,
  '42501', null,
  'profiles cannot be created through the API'
);
select throws_ok(
  $$delete from public.profiles where id = 'b1000000-0000-4000-8000-000000000003'$$,
  '42501', null,
  'profiles cannot be deleted through the API'
);

-- anon
select tests.clear_authentication();

select throws_ok(
  $$select * from public.profiles$$,
  '42501', null,
  'anon cannot read profiles'
);

reset role;

select is(
  (select display_name from public.profiles where id = 'b1000000-0000-4000-8000-000000000001'),
  'Test Customer',
  'the other user''s name is unchanged'
);

delete from auth.users where id = 'b1000000-0000-4000-8000-000000000003';
select is_empty(
  $$select * from public.profiles where id = 'b1000000-0000-4000-8000-000000000003'$$,
  'deleting the auth user deletes the profile'
);
select throws_ok(
  $$insert into public.profiles (id) values ('b1000000-0000-4000-8000-000000000099')$$,
  '23503', null,
  'a profile needs an auth user'
);

select * from finish();
rollback;
