-- Agencies are public reading and read-only through the API; agency members see their own agency's staff.
begin;
select plan(19);

-- Actors: member and colleague of Test Agency, staff of Other Agency, a stranger.
select tests.create_user('member');
select tests.create_user('colleague');
select tests.create_user('staff-other');
select tests.create_user('stranger');
select tests.create_agency('test-agency', staff => array['member', 'colleague']);
select tests.create_agency('other-agency', staff => array['staff-other']);

select is_empty(
  $$select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity$$,
  'row level security is enabled on every public table'
);

select throws_ok(
  $$insert into public.agencies (name, slug) values ('Bad', 'Not A Slug')$$,
  '23514', null,
  'a slug must be lowercase words joined by hyphens'
);
select throws_ok(
  $$insert into public.agencies (name, slug) values ('', 'empty-name')$$,
  '23514', null,
  'a name is not empty'
);
select throws_ok(
  format($$insert into public.agencies (name, slug) values (%L, 'long-name')$$, repeat('a', 121)),
  '23514', null,
  'a name is at most 120 characters'
);
select lives_ok(
  format($$insert into public.agencies (name, slug) values (%L, 'longest-name')$$, repeat('🧭', 120)),
  'a name of 120 characters (code points, not bytes) is accepted'
);

-- anon
select tests.clear_authentication();

select is(
  (select name from public.agencies where slug = 'test-agency'),
  'Test Agency',
  'anon reads agencies'
);
select throws_ok(
  $$insert into public.agencies (name, slug) values ('Anon Agency', 'anon-agency')$$,
  '42501', null,
  'anon cannot create an agency'
);
select throws_ok(
  $$select * from public.agency_members$$,
  '42501', null,
  'anon cannot read agency members'
);

-- a member
select tests.authenticate_as(tests.uid('member'));

select ok(
  (select count(*) from public.agencies where slug in ('test-agency', 'other-agency')) = 2,
  'an authenticated user reads agencies'
);
select throws_ok(
  $$insert into public.agencies (name, slug) values ('Mine', 'mine')$$,
  '42501', null,
  'an authenticated user cannot create an agency'
);
select throws_ok(
  $$update public.agencies set name = 'Renamed' where slug = 'test-agency'$$,
  '42501', null,
  'a member cannot rename their agency through the API'
);
select throws_ok(
  $$delete from public.agencies where slug = 'test-agency'$$,
  '42501', null,
  'a member cannot delete their agency through the API'
);
select bag_eq(
  $$select user_id from public.agency_members$$,
  array[tests.uid('member'), tests.uid('colleague')],
  'a member sees themself and their colleagues, not other agencies'' staff'
);
select ok(
  private.is_agency_member(tests.agency_id('test-agency'))
    and not private.is_agency_member(tests.agency_id('other-agency')),
  'is_agency_member answers for the calling user'
);
select throws_ok(
  $$insert into public.agency_members (agency_id, user_id)
    values (tests.agency_id('other-agency'), tests.uid('member'))$$,
  '42501', null,
  'a member cannot join another agency'
);
select throws_ok(
  $$delete from public.agency_members where user_id = tests.uid('colleague')$$,
  '42501', null,
  'a member cannot remove a colleague'
);

-- staff of the other agency
select tests.authenticate_as(tests.uid('staff-other'));

select results_eq(
  $$select user_id from public.agency_members$$,
  array[tests.uid('staff-other')],
  'staff of another agency see only their own membership'
);

-- a stranger
select tests.authenticate_as(tests.uid('stranger'));

select is_empty(
  $$select * from public.agency_members$$,
  'a stranger sees no agency members'
);
select ok(
  not private.is_agency_member(tests.agency_id('test-agency')),
  'a stranger is not a member'
);

reset role;
select * from finish();
rollback;
