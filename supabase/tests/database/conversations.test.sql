-- Conversations: started by a customer, readable by the customer and the staff of the agency it is about.
begin;
select plan(18);

-- Actors: a customer, staff of the agency asked, staff of another agency, a stranger.
select tests.create_user('customer');
select tests.create_user('staff-asked');
select tests.create_user('staff-other');
select tests.create_user('stranger');
select tests.create_agency('asked-agency', staff => array['staff-asked']);
select tests.create_agency('other-agency', staff => array['staff-other']);

-- the customer
select tests.authenticate_as(tests.uid('customer'));

select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', tests.agency_id('asked-agency'))$$,
  'a customer starts an inquiry to an agency'
);
select results_eq(
  $$select created_by, last_message_at from public.conversations where context_type = 'agency_inquiry'$$,
  $$values (tests.uid('customer'), null::timestamptz)$$,
  'created_by defaults to the caller and last_message_at starts empty'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id, created_by)
    values ('agency_inquiry', tests.agency_id('other-agency'), tests.uid('stranger'))$$,
  '42501', 'new row violates row-level security policy for table "conversations"',
  'a customer cannot start a conversation in someone else''s name'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', tests.unknown_id())$$,
  '23503', 'agency not found',
  'an inquiry to an agency that does not exist raises 23503 agency not found'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('support', tests.unknown_id())$$,
  'other context types are not checked against agencies'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('gossip', tests.agency_id('asked-agency'))$$,
  '23514', null,
  'an unknown context type is refused'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id, last_message_at)
    values ('support', tests.unknown_id(), now())$$,
  '42501', null,
  'last_message_at cannot be set through the API'
);
select is(
  (select count(*)::int from public.conversations),
  2,
  'the customer sees both of their conversations'
);
select throws_ok(
  $$update public.conversations set context_id = tests.agency_id('other-agency')$$,
  '42501', null,
  'conversations cannot be updated through the API'
);
select is_empty(
  $$delete from public.conversations where created_by <> (select auth.uid()) or last_message_at is not null returning id$$,
  'a delete reaches no one else''s conversation and none with messages (withdraw-empty-inquiry.test.sql)'
);

-- staff of the agency asked
select tests.authenticate_as(tests.uid('staff-asked'));

select results_eq(
  $$select context_type, context_id, created_by from public.conversations$$,
  $$values ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer'))$$,
  'agency staff see the inquiry addressed to their agency, not the customer''s other conversations'
);

-- staff of another agency
select tests.authenticate_as(tests.uid('staff-other'));

select is_empty(
  $$select * from public.conversations$$,
  'staff of another agency see nothing'
);

-- the stranger
select tests.authenticate_as(tests.uid('stranger'));

select is_empty(
  $$select * from public.conversations$$,
  'a stranger sees nothing'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', tests.agency_id('asked-agency'))$$,
  'a second customer may write to the same agency'
);

-- anon
select tests.clear_authentication();

select throws_ok(
  $$select * from public.conversations$$,
  '42501', null,
  'anon cannot read conversations'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id, created_by)
    values ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer'))$$,
  '42501', null,
  'anon cannot start a conversation'
);

reset role;

select is(
  (select count(*)::int from public.conversations where context_id = tests.agency_id('asked-agency')),
  2,
  'both customers'' inquiries exist'
);

select throws_ok(
  $$insert into public.conversations (context_type, context_id, created_by)
    values ('agency_inquiry', tests.unknown_id(), tests.uid('customer'))$$,
  '23503', 'agency not found',
  'the agency check also applies to inserts outside the API'
);

select * from finish();
rollback;
