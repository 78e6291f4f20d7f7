-- A customer may withdraw their own conversation while it has no message, and nothing else.
begin;
select plan(5);

select tests.create_user('f5000000-0000-4000-8000-000000000001', 'withdrawing-customer@example.test');
select tests.create_user('f5000000-0000-4000-8000-000000000002', 'withdrawing-staff@example.test');
insert into public.agencies (id, name, slug) values
  ('f5000000-0000-4000-8000-00000000a001', 'Empty Agency', 'empty-agency'),
  ('f5000000-0000-4000-8000-00000000a002', 'Busy Agency', 'busy-agency');
insert into public.agency_members (agency_id, user_id) values
  ('f5000000-0000-4000-8000-00000000a001', 'f5000000-0000-4000-8000-000000000002');
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', 'f5000000-0000-4000-8000-00000000a001', 'f5000000-0000-4000-8000-000000000001'),
  ('agency_inquiry', 'f5000000-0000-4000-8000-00000000a002', 'f5000000-0000-4000-8000-000000000001');
insert into public.messages (conversation_id, sender_id, body)
select id, created_by, 'Hello' from public.conversations where context_id = 'f5000000-0000-4000-8000-00000000a002';

-- the agency's staff
select tests.authenticate_as('f5000000-0000-4000-8000-000000000002');
select is_empty(
  $$delete from public.conversations where context_id = 'f5000000-0000-4000-8000-00000000a001' returning id$$,
  'staff cannot delete an empty inquiry to their agency'
);

-- the customer
select tests.authenticate_as('f5000000-0000-4000-8000-000000000001');
select is_empty(
  $$delete from public.conversations where context_id = 'f5000000-0000-4000-8000-00000000a002' returning id$$,
  'a customer cannot delete a conversation that has a message'
);
select isnt_empty(
  $$delete from public.conversations where context_id = 'f5000000-0000-4000-8000-00000000a001' returning id$$,
  'a customer withdraws their own empty conversation'
);

reset role;
select is(
  (select count(*)::int from public.conversations where created_by = 'f5000000-0000-4000-8000-000000000001'),
  1,
  'only the empty conversation is gone'
);
select is(
  (select count(*)::int from public.messages where sender_id = 'f5000000-0000-4000-8000-000000000001'),
  1,
  'its message stayed with the other one'
);

select * from finish();
rollback;
