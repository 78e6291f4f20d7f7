-- Conversations: started by a customer, readable by the customer and the staff of the agency it is about.
begin;
select plan(18);

-- Actors: a customer, staff of the agency asked, staff of another agency, a stranger.
select tests.create_user('c1000000-0000-4000-8000-000000000001', 'customer@example.test');
select tests.create_user('c1000000-0000-4000-8000-000000000002', 'staff@asked.test');
select tests.create_user('c1000000-0000-4000-8000-000000000003', 'staff@other.test');
select tests.create_user('c1000000-0000-4000-8000-000000000004', 'stranger@example.test');
insert into public.agencies (id, name, slug) values
  ('c2000000-0000-4000-8000-000000000001', 'Asked Agency', 'asked-agency'),
  ('c2000000-0000-4000-8000-000000000002', 'Other Agency', 'other-agency');
insert into public.agency_members (agency_id, user_id) values
  ('c2000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000002'),
  ('c2000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000003');

-- the customer
select tests.authenticate_as('c1000000-0000-4000-8000-000000000001');

select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000001')$$,
  'a customer starts an inquiry to an agency'
);
select results_eq(
  $$select created_by, last_message_at from public.conversations where context_type = 'agency_inquiry'$$,
  $$values ('c1000000-0000-4000-8000-000000000001'::uuid, null::timestamptz)$$,
  'created_by defaults to the caller and last_message_at starts empty'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id, created_by)
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000004')$$,
  '42501', 'new row violates row-level security policy for table "conversations"',
  'a customer cannot start a conversation in someone else''s name'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000099')$$,
  '23503', 'agency not found',
  'an inquiry to an agency that does not exist raises 23503 agency not found'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('support', 'c2000000-0000-4000-8000-000000000099')$$,
  'other context types are not checked against agencies'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('gossip', 'c2000000-0000-4000-8000-000000000001')$$,
  '23514', null,
  'an unknown context type is refused'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id, last_message_at)
    values ('support', 'c2000000-0000-4000-8000-000000000098', now())$$,
  '42501', null,
  'last_message_at cannot be set through the API'
);
select is(
  (select count(*)::int from public.conversations),
  2,
  'the customer sees both of their conversations'
);
select throws_ok(
  $$update public.conversations set context_id = 'c2000000-0000-4000-8000-000000000002'$$,
  '42501', null,
  'conversations cannot be updated through the API'
);
select is_empty(
  $$delete from public.conversations where created_by <> (select auth.uid()) or last_message_at is not null returning id$$,
  'a delete reaches no one else''s conversation and none with messages (withdraw-empty-inquiry.test.sql)'
);

-- staff of the agency asked
select tests.authenticate_as('c1000000-0000-4000-8000-000000000002');

select results_eq(
  $$select context_type, context_id, created_by from public.conversations$$,
  $$values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000001'::uuid, 'c1000000-0000-4000-8000-000000000001'::uuid)$$,
  'agency staff see the inquiry addressed to their agency, not the customer''s other conversations'
);

-- staff of another agency
select tests.authenticate_as('c1000000-0000-4000-8000-000000000003');

select is_empty(
  $$select * from public.conversations$$,
  'staff of another agency see nothing'
);

-- the stranger
select tests.authenticate_as('c1000000-0000-4000-8000-000000000004');

select is_empty(
  $$select * from public.conversations$$,
  'a stranger sees nothing'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id)
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000001')$$,
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
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001')$$,
  '42501', null,
  'anon cannot start a conversation'
);

reset role;

select is(
  (select count(*)::int from public.conversations where context_id = 'c2000000-0000-4000-8000-000000000001'),
  2,
  'both customers'' inquiries exist'
);

delete from public.agencies where id = 'c2000000-0000-4000-8000-000000000002';
select throws_ok(
  $$insert into public.conversations (context_type, context_id, created_by)
    values ('agency_inquiry', 'c2000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001')$$,
  '23503', 'agency not found',
  'the agency check also applies to inserts outside the API'
);

select * from finish();
rollback;
