-- Messages: read and sent by the participants of a conversation (its creator and the agency's staff), as themselves.
begin;
select plan(22);

-- Actors: a customer, staff of the agency asked, staff of another agency, a stranger.
select tests.create_user('customer');
select tests.create_user('staff-asked');
select tests.create_user('staff-other');
select tests.create_user('stranger');
select tests.create_agency('asked-agency', staff => array['staff-asked']);
select tests.create_agency('other-agency', staff => array['staff-other']);
insert into public.conversations (context_type, context_id, created_by)
values ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer'));

-- the customer
select tests.authenticate_as(tests.uid('customer'));

select lives_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), 'Is the June trip still available?')$$,
  'the customer sends a message in their conversation'
);
select results_eq(
  $$select sender_id from public.messages$$,
  array[tests.uid('customer')],
  'sender_id defaults to the caller, and the customer reads the thread'
);
select throws_ok(
  $$insert into public.messages (conversation_id, sender_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), tests.uid('staff-asked'), 'Yes it is!')$$,
  '42501', 'new row violates row-level security policy for table "messages"',
  'the customer cannot send in the agency''s name'
);
select throws_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.unknown_id(), 'Anyone there?')$$,
  '42501', 'new row violates row-level security policy for table "messages"',
  'a message into a conversation that does not exist is refused by the policy'
);
select throws_ok(
  $$insert into public.messages (conversation_id, body) values (tests.conversation_id('customer', 'asked-agency'), '')$$,
  '23514', null,
  'an empty body is refused'
);
select throws_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), repeat('x', 4001))$$,
  '23514', null,
  'a body over 4000 characters is refused'
);
select lives_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), repeat('x', 4000))$$,
  'a body of exactly 4000 characters is accepted'
);
select throws_ok(
  $$insert into public.messages (conversation_id, body, created_at)
    values (tests.conversation_id('customer', 'asked-agency'), 'Back-dated', '2000-01-01')$$,
  '42501', null,
  'created_at cannot be chosen through the API'
);
select throws_ok(
  $$update public.messages set body = 'Edited'$$,
  '42501', null,
  'messages cannot be edited through the API'
);
select throws_ok(
  $$delete from public.messages$$,
  '42501', null,
  'messages cannot be deleted through the API'
);

-- staff of the agency asked
select tests.authenticate_as(tests.uid('staff-asked'));

select is(
  (select count(*)::int from public.messages),
  2,
  'agency staff read the customer''s messages'
);
select lives_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), 'Yes, four places left.')$$,
  'agency staff reply'
);

-- staff of another agency
select tests.authenticate_as(tests.uid('staff-other'));

select is_empty($$select * from public.messages$$, 'staff of another agency read nothing');
select throws_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), 'Try us instead!')$$,
  '42501', null,
  'staff of another agency cannot write into the conversation'
);
-- Clients have no insert grant on the audience columns; even with one (granted here, rolled back with the test),
-- the before-insert trigger overwrites them from the conversation and the policy refuses the outsider.
reset role;
grant insert (conversation_created_by, conversation_agency_id) on public.messages to authenticated;
select tests.authenticate_as(tests.uid('staff-other'));
select throws_ok(
  $$insert into public.messages (conversation_id, body, conversation_created_by, conversation_agency_id)
    values (tests.conversation_id('customer', 'asked-agency'), 'Let me in', tests.uid('staff-other'),
      tests.agency_id('other-agency'))$$,
  '42501', 'new row violates row-level security policy for table "messages"',
  'forged audience columns are overwritten from the conversation, and the policy refuses the outsider'
);

-- the stranger
select tests.authenticate_as(tests.uid('stranger'));

select is_empty($$select * from public.messages$$, 'a stranger reads nothing');
select throws_ok(
  $$insert into public.messages (conversation_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), 'Hello?')$$,
  '42501', null,
  'a stranger cannot write into the conversation'
);

-- anon
select tests.clear_authentication();

select throws_ok($$select * from public.messages$$, '42501', null, 'anon cannot read messages');
select throws_ok(
  $$insert into public.messages (conversation_id, sender_id, body)
    values (tests.conversation_id('customer', 'asked-agency'), tests.uid('customer'), 'Hi')$$,
  '42501', null,
  'anon cannot send messages'
);

-- last_message_at follows the newest message and never moves back (created_at set directly, as the owner)
reset role;

select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('customer', 'asked-agency')),
  (select max(created_at) from public.messages where conversation_id = tests.conversation_id('customer', 'asked-agency')),
  'sending sets last_message_at to the message time'
);

insert into public.messages (conversation_id, sender_id, body, created_at) values
  (tests.conversation_id('customer', 'asked-agency'), tests.uid('customer'), 'Later', now() + interval '1 hour');
select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('customer', 'asked-agency')),
  now() + interval '1 hour',
  'a newer message advances last_message_at'
);

insert into public.messages (conversation_id, sender_id, body, created_at) values
  (tests.conversation_id('customer', 'asked-agency'), tests.uid('staff-asked'), 'Delayed', now() - interval '1 hour');
select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('customer', 'asked-agency')),
  now() + interval '1 hour',
  'an older message does not move last_message_at back'
);

select * from finish();
rollback;
