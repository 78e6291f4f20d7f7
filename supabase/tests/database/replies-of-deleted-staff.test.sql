-- Deleting a staff account keeps their replies in customers' threads, without an author.
begin;
select plan(6);

select tests.create_user('customer');
select tests.create_user('staff');
select tests.create_agency('keep', staff => array['staff']);
insert into public.conversations (context_type, context_id, created_by)
values ('agency_inquiry', tests.agency_id('keep'), tests.uid('customer'));
insert into public.messages (conversation_id, sender_id, body) values
  (tests.conversation_id('customer', 'keep'), tests.uid('customer'), 'Question'),
  (tests.conversation_id('customer', 'keep'), tests.uid('staff'), 'Answer');

delete from auth.users where id = tests.uid('staff');

select is(
  (select body from public.messages where conversation_id = tests.conversation_id('customer', 'keep') and body = 'Answer'),
  'Answer',
  'the deleted staff member''s reply is still in the thread'
);
select is(
  (select sender_id from public.messages where conversation_id = tests.conversation_id('customer', 'keep') and body = 'Answer'),
  null,
  'it has no author any more'
);

select tests.authenticate_as(tests.uid('customer'));

select results_eq(
  $$select body from public.messages where conversation_id = tests.conversation_id('customer', 'keep') order by created_at, body$$,
  $$values ('Answer'), ('Question')$$,
  'the customer still reads the whole thread'
);
select throws_ok(
  $$insert into public.messages (conversation_id, sender_id, body)
    values (tests.conversation_id('customer', 'keep'), null, 'Anonymous')$$,
  '42501', null,
  'no one can write a message without an author'
);

reset role;
delete from auth.users where id = tests.uid('customer');
select is_empty(
  $$select 1 from public.conversations where context_id = tests.agency_id('keep')$$,
  'deleting the customer still deletes their conversation'
);
select is_empty(
  $$select 1 from public.messages where body in ('Question', 'Answer')$$,
  'and every message in it'
);

select * from finish();
rollback;
