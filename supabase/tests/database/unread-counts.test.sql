-- Unread counts: per-side message counters on conversations, per-user read markers, mark_conversation_read().
begin;
select plan(24);

-- Actors: a customer, two staff members of the agency asked, staff of another agency, a stranger.
-- Users with fixed ids (the profile trigger runs as for a sign-up), so topics and ids can be written out.
insert into auth.users (id, email) values ('e1000000-0000-4000-8000-000000000001', 'customer@unread.test');
insert into auth.users (id, email) values ('e1000000-0000-4000-8000-000000000002', 'staff-one@asked.test');
insert into auth.users (id, email) values ('e1000000-0000-4000-8000-000000000003', 'staff-two@asked.test');
insert into auth.users (id, email) values ('e1000000-0000-4000-8000-000000000004', 'staff@other.test');
insert into auth.users (id, email) values ('e1000000-0000-4000-8000-000000000005', 'stranger@unread.test');
insert into public.agencies (id, name, slug) values
  ('e2000000-0000-4000-8000-000000000001', 'Asked Agency', 'unread-asked-agency'),
  ('e2000000-0000-4000-8000-000000000002', 'Other Agency', 'unread-other-agency');
insert into public.agency_members (agency_id, user_id) values
  ('e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000002'),
  ('e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000003'),
  ('e2000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000004');
insert into public.conversations (id, context_type, context_id, created_by) values
  ('e3000000-0000-4000-8000-000000000001', 'agency_inquiry', 'e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001');

-- Unread for the signed-in user, as the API computes it: the other side's count minus their marker.
create function pg_temp.unread() returns integer language sql as $$
  select greatest(0,
    case when c.created_by = auth.uid() then c.agency_message_count else c.customer_message_count end
    - coalesce(r.seen_count, 0))::integer
  from public.conversations c
  left join public.conversation_reads r on r.conversation_id = c.id and r.user_id = auth.uid()
  where c.id = 'e3000000-0000-4000-8000-000000000001'
$$;
grant execute on function pg_temp.unread() to authenticated;

select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = 'e3000000-0000-4000-8000-000000000001'$$,
  $$values (0, 0)$$,
  'a new conversation has counted nothing'
);

-- the customer writes twice, each staff member replies once
select tests.authenticate_as('e1000000-0000-4000-8000-000000000001');
insert into public.messages (conversation_id, body) values
  ('e3000000-0000-4000-8000-000000000001', 'First question'),
  ('e3000000-0000-4000-8000-000000000001', 'Second question');
select tests.authenticate_as('e1000000-0000-4000-8000-000000000002');
insert into public.messages (conversation_id, body) values ('e3000000-0000-4000-8000-000000000001', 'Reply from one');
select tests.authenticate_as('e1000000-0000-4000-8000-000000000003');
insert into public.messages (conversation_id, body) values ('e3000000-0000-4000-8000-000000000001', 'Reply from two');

reset role;
select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = 'e3000000-0000-4000-8000-000000000001'$$,
  $$values (2, 2)$$,
  'each message is counted on its sender''s side: the customer''s, or the agency''s for any staff member'
);
select is(
  (select last_message_at from public.conversations where id = 'e3000000-0000-4000-8000-000000000001'),
  (select max(created_at) from public.messages where conversation_id = 'e3000000-0000-4000-8000-000000000001'),
  'the same update still keeps last_message_at'
);

select tests.authenticate_as('e1000000-0000-4000-8000-000000000001');
select is(pg_temp.unread(), 2, 'the customer has the two replies unread, not their own messages');
select tests.authenticate_as('e1000000-0000-4000-8000-000000000002');
select is(pg_temp.unread(), 2, 'staff have the customer''s two messages unread, never their own or a colleague''s replies');

select results_eq(
  $$select conversation_id, user_id, seen_count from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  $$values ('e3000000-0000-4000-8000-000000000001'::uuid, 'e1000000-0000-4000-8000-000000000002'::uuid, 2)$$,
  'a staff member marks the conversation read: they have seen the customer''s two messages'
);
select is(pg_temp.unread(), 0, 'nothing is unread for them after marking it read');
select results_eq(
  $$select seen_count from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  $$values (2)$$,
  'marking it read again changes nothing'
);
select results_eq(
  $$select user_id from public.conversation_reads$$,
  $$values ('e1000000-0000-4000-8000-000000000002'::uuid)$$,
  'one marker, and a user reads only their own'
);

select tests.authenticate_as('e1000000-0000-4000-8000-000000000003');
select is(pg_temp.unread(), 2, 'a colleague''s marker is not theirs: the other staff member still has two unread');
select is_empty($$select * from public.conversation_reads$$, 'they do not see their colleague''s marker');

select tests.authenticate_as('e1000000-0000-4000-8000-000000000001');
select results_eq(
  $$select seen_count from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  $$values (2)$$,
  'the customer marks it read: the two replies'
);
insert into public.messages (conversation_id, body) values ('e3000000-0000-4000-8000-000000000001', 'Third question');
select is(pg_temp.unread(), 0, 'their own new message is not unread for the customer');
select tests.authenticate_as('e1000000-0000-4000-8000-000000000002');
select is(pg_temp.unread(), 1, 'the customer''s new message is unread for staff who had read the rest');

-- Nobody else can mark it, or write markers around mark_conversation_read().
select tests.authenticate_as('e1000000-0000-4000-8000-000000000004');
select is_empty(
  $$select * from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  'staff of another agency cannot mark the conversation read (no row, as for a conversation that does not exist)'
);
select tests.authenticate_as('e1000000-0000-4000-8000-000000000005');
select is_empty(
  $$select * from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  'a stranger cannot mark it read'
);
select is_empty(
  $$select * from public.mark_conversation_read('e3000000-0000-4000-8000-00000000ffff')$$,
  'a conversation that does not exist gives no row'
);
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, seen_count) values ('e3000000-0000-4000-8000-000000000001', 0)$$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"',
  'a stranger cannot write a marker into a conversation they do not take part in'
);

select tests.authenticate_as('e1000000-0000-4000-8000-000000000003');
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, user_id, seen_count)
    values ('e3000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000002', 0)$$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"',
  'a participant cannot write a marker for someone else'
);
select throws_ok(
  $$insert into public.conversation_reads (conversation_id, seen_count) values ('e3000000-0000-4000-8000-000000000001', 1000)$$,
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
  $$select * from public.mark_conversation_read('e3000000-0000-4000-8000-000000000001')$$,
  '42501', null,
  'anon cannot mark anything read'
);
select throws_ok($$select * from public.conversation_reads$$, '42501', null, 'anon cannot read markers');

-- A reply whose author is unknown (written by the service role, or its author since deleted) is the agency's.
reset role;
insert into public.messages (conversation_id, sender_id, body)
  values ('e3000000-0000-4000-8000-000000000001', null, 'Unsigned reply');
select results_eq(
  $$select customer_message_count, agency_message_count from public.conversations
    where id = 'e3000000-0000-4000-8000-000000000001'$$,
  $$values (3, 3)$$,
  'a message without an author counts on the agency''s side'
);

select * from finish();
rollback;
