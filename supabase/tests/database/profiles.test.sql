-- Profiles: created for every new auth user; visible to oneself and conversation partners; renamable by oneself.
begin;
select plan(15);

-- Actors: a customer (display name in metadata), agency staff (email only), a stranger.
select tests.create_user('customer', '{"display_name":"Test Customer"}');
select tests.create_user('staff.member', '{}');
select tests.create_user('stranger', null);
select tests.create_agency('profile-agency', staff => array['staff.member']);
insert into public.conversations (context_type, context_id, created_by)
values ('agency_inquiry', tests.agency_id('profile-agency'), tests.uid('customer'));

select is(
  (select display_name from public.profiles where id = tests.uid('customer')),
  'Test Customer',
  'a new user gets a profile named after raw_user_meta_data.display_name'
);
select is(
  (select display_name from public.profiles where id = tests.uid('staff.member')),
  'staff.member',
  'without a display name the profile is named after the email''s local part'
);

-- the customer
select tests.authenticate_as(tests.uid('customer'));

select bag_eq(
  $$select id from public.profiles$$,
  array[tests.uid('customer'), tests.uid('staff.member')],
  'a customer sees their own profile and the staff of the agency they wrote to, not strangers'
);

-- the agency staff
select tests.authenticate_as(tests.uid('staff.member'));

select bag_eq(
  $$select id from public.partner_profiles(array[tests.uid('customer'), tests.uid('stranger')])$$,
  array[tests.uid('customer')],
  'agency staff see the customers who wrote to their agency, by id (partner_profiles)'
);

-- the stranger
select tests.authenticate_as(tests.uid('stranger'));

select results_eq(
  $$select id from public.profiles$$,
  array[tests.uid('stranger')],
  'a stranger sees only their own profile'
);
select lives_ok(
  $$update public.profiles set display_name = 'Renamed Stranger' where id = tests.uid('stranger')$$,
  'a user renames themself'
);
select is(
  (select display_name from public.profiles where id = tests.uid('stranger')),
  'Renamed Stranger',
  'the new name is stored'
);
select is_empty(
  $$update public.profiles set display_name = 'Hijacked' where id = tests.uid('customer') returning id$$,
  'a user cannot rename someone else'
);
select throws_ok(
  $$update public.profiles set id = tests.unknown_id() where id = tests.uid('stranger')$$,
  '42501', null,
  'a user cannot change their profile''s id'
);
select throws_ok(
  $$insert into public.profiles (id, display_name) values (tests.unknown_id(), 'Ghost')$$,
  '42501', null,
  'profiles cannot be created through the API'
);
select throws_ok(
  $$delete from public.profiles where id = tests.uid('stranger')$$,
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
  (select display_name from public.profiles where id = tests.uid('customer')),
  'Test Customer',
  'the other user''s name is unchanged'
);

-- Found again by the name the stranger gave themself above: their id cannot be looked up once they are gone.
delete from auth.users where id = tests.uid('stranger');
select is_empty(
  $$select * from public.profiles where display_name = 'Renamed Stranger'$$,
  'deleting the auth user deletes the profile'
);
select throws_ok(
  $$insert into public.profiles (id) values (tests.unknown_id())$$,
  '23503', null,
  'a profile needs an auth user'
);

select * from finish();
rollback;
