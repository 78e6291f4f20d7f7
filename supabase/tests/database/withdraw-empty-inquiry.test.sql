-- A customer may withdraw their own conversation while it has no message, and nothing else.
begin;
select plan(5);

select tests.create_user('customer');
select tests.create_user('staff');
select tests.create_agency('empty-agency', staff => array['staff']);
select tests.create_agency('busy-agency');
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', tests.agency_id('empty-agency'), tests.uid('customer')),
  ('agency_inquiry', tests.agency_id('busy-agency'), tests.uid('customer'));
insert into public.messages (conversation_id, sender_id, body)
values (tests.conversation_id('customer', 'busy-agency'), tests.uid('customer'), 'Hello');

-- the agency's staff
select tests.authenticate_as(tests.uid('staff'));
select is_empty(
  $$delete from public.conversations where context_id = tests.agency_id('empty-agency') returning id$$,
  'staff cannot delete an empty inquiry to their agency'
);

-- the customer
select tests.authenticate_as(tests.uid('customer'));
select is_empty(
  $$delete from public.conversations where context_id = tests.agency_id('busy-agency') returning id$$,
  'a customer cannot delete a conversation that has a message'
);
select isnt_empty(
  $$delete from public.conversations where context_id = tests.agency_id('empty-agency') returning id$$,
  'a customer withdraws their own empty conversation'
);

reset role;
select is(
  (select count(*)::int from public.conversations where created_by = tests.uid('customer')),
  1,
  'only the empty conversation is gone'
);
select is(
  (select count(*)::int from public.messages where sender_id = tests.uid('customer')),
  1,
  'its message stayed with the other one'
);

select * from finish();
rollback;
