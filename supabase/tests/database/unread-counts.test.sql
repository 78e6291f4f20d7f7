-- Unread counts: per-side message counters on conversations, per-user read markers, mark_conversation_read().
begin;
select plan(24);

-- Actors: a customer, two staff members of the agency asked, staff of another agency, a stranger (the profile
-- trigger runs as for a sign-up).
select tests.create_user('customer');
select tests.create_user('staff-one');
select tests.create_user('staff-two');
select tests.create_user('staff-other');
select tests.create_user('stranger');
select tests.create_agency('asked-agency', staff => array['staff-one', 'staff-two']);
select tests.create_agency('other-agency', staff => array['staff-other']);
insert into public.conversations (context_type, context_id, created_by)
  values ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer'));

-- Unread for the signed-in user, as the API computes it: the other side's count minus their marker.
create function pg_temp.unread() returns integer language sql as $$
  select greatest(0,
    case when c.created_by = auth.uid() then c.agency_message_count else c.customer_message_count end
    - coalesce(r.seen_count, 0))::integer
  from public.conversations c
  left join public.conversation_reads r on r.conversation_id = c.id and r.user_id = auth.uid()
  where c.id = tests.conversation_id('customer', 'asked-agency')
$$;
grant execute on function pg_temp.unread() to authenticated;

select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = tests.conversation_id('customer', 'asked-agency')$$,
  $$values (0, 0)$$,
  'a new conversation has counted nothing'
);

-- the customer writes twice, each staff member replies once
select tests.authenticate_as(tests.uid('customer'));
insert into public.messages (conversation_id, body) values
  (tests.conversation_id('customer', 'asked-agency'), 'First question'),
  (tests.conversation_id('customer', 'asked-agency'), 'Second question');
select tests.authenticate_as(tests.uid('staff-one'));
insert into public.messages (conversation_id, body) values (tests.conversation_id('customer', 'asked-agency'), 'Reply from one');
select tests.authenticate_as(tests.uid('staff-two'));
insert into public.messages (conversation_id, body) values (tests.conversation_id('customer', 'asked-agency'), 'Reply from two');

reset role;
select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = tests.conversation_id('customer', 'asked-agency')$$,
  $$values (2, 2)$$,
  'each message is counted on its sender''s side: the customer''s, or the agency''s for any staff member'
);
select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('customer', 'asked-agency')),
  (select max(created_at) from public.messages where conversation_id = tests.conversation_id('customer', 'asked-agency')),
  'the same update still keeps last_message_at'
);

select tests.authenticate_as(tests.uid('customer'));
select is(pg_temp.unread(), 2, 'the customer has the two replies unread, not their own messages');
select tests.authenticate_as(tests.uid('staff-one'));
select is(pg_temp.unread(), 2, 'staff have the customer''s two messages unread, never their own or a colleague''s replies');

select results_eq(
  $$select conversation_id, user_id, seen_count from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  $$values (tests.conversation_id('customer', 'asked-agency'), tests.uid('staff-one'), 2)$$,
  'a staff member marks the conversation read: they have seen the customer''s two messages'
);
select is(pg_temp.unread(), 0, 'nothing is unread for them after marking it read');
select results_eq(
  $$select seen_count from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  $$values (2)$$,
  'marking it read again changes nothing'
);
select results_eq(
  $$select user_id from public.conversation_reads$$,
  $$values (tests.uid('staff-one'))$$,
  'one marker, and a user reads only their own'
);

select tests.authenticate_as(tests.uid('staff-two'));
select is(pg_temp.unread(), 2, 'a colleague''s marker is not theirs: the other staff member still has two unread');
select is_empty($$select * from public.conversation_reads$$, 'they do not see their colleague''s marker');

select tests.authenticate_as(tests.uid('customer'));
select results_eq(
  $$select seen_count from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  $$values (2)$$,
  'the customer marks it read: the two replies'
);
insert into public.messages (conversation_id, body) values (tests.conversation_id('customer', 'asked-agency'), 'Third question');
select is(pg_temp.unread(), 0, 'their own new message is not unread for the customer');
select tests.authenticate_as(tests.uid('staff-one'));
select is(pg_temp.unread(), 1, 'the customer''s new message is unread for staff who had read the rest');

-- Nobody else can mark it, or write markers around mark_conversation_read().
select tests.authenticate_as(tests.uid('staff-other'));
select is_empty(
  $$select * from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  'staff of another agency cannot mark the conversation read (no row, as for a conversation that does not exist)'
);
select tests.authenticate_as(tests.uid('stranger'));
select is_empty(
  $$select * from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  'a stranger cannot mark it read'
);
select is_empty(
  $$select * from public.mark_conversation_read(tests.unknown_id())$$,
  'a conversation that does not exist gives no row'
);
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, seen_count) values (tests.conversation_id('customer', 'asked-agency'), 0)$$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"',
  'a stranger cannot write a marker into a conversation they do not take part in'
);

select tests.authenticate_as(tests.uid('staff-two'));
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, user_id, seen_count)
    values (tests.conversation_id('customer', 'asked-agency'), tests.uid('staff-one'), 0)$$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"',
  'a participant cannot write a marker for someone else'
);
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, seen_count) values (tests.conversation_id('customer', 'asked-agency'), 1000)$$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"',
  'a marker cannot claim more than the other side has sent'
);
select throws_ok(
  $$delete from public.conversation_reads$$,
  '42501', null,
  'markers cannot be deleted through the API'
);

select tests.clear_authentication();
select throws_ok(
  $$select * from public.mark_conversation_read(tests.conversation_id('customer', 'asked-agency'))$$,
  '42501', null,
  'anon cannot mark anything read'
);
select throws_ok($$select * from public.conversation_reads$$, '42501', null, 'anon cannot read markers');

-- A reply whose author is unknown (written by the service role, or its author since deleted) is the agency's.
reset role;
insert into public.messages (conversation_id, sender_id, body)
  values (tests.conversation_id('customer', 'asked-agency'), null, 'Unsigned reply');
select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = tests.conversation_id('customer', 'asked-agency')$$,
  $$values (3, 3)$$,
  'a message without an author counts on the agency''s side'
);

select * from finish();
rollback;
