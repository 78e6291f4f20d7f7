-- Deleting a staff account keeps their replies in customers' threads, without an author.
begin;
select plan(6);

insert into auth.users (id, email) values
  ('f1000000-0000-4000-8000-000000000001', 'customer@keep.test'),
  ('f1000000-0000-4000-8000-000000000002', 'staff@keep.test');
insert into public.agencies (id, name, slug) values ('f2000000-0000-4000-8000-000000000001', 'Keep', 'keep');
insert into public.agency_members (agency_id, user_id) values
  ('f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002');
insert into public.conversations (id, context_type, context_id, created_by) values
  ('f3000000-0000-4000-8000-000000000001', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001');
insert into public.messages (id, conversation_id, sender_id, body) values
  ('f4000000-0000-4000-8000-000000000001', 'f3000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', 'Question'),
  ('f4000000-0000-4000-8000-000000000002', 'f3000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002', 'Answer');

delete from auth.users where id = 'f1000000-0000-4000-8000-000000000002';

select is(
  (select body from public.messages where id = 'f4000000-0000-4000-8000-000000000002'),
  'Answer',
  'the deleted staff member''s reply is still in the thread'
);
select is(
  (select sender_id from public.messages where id = 'f4000000-0000-4000-8000-000000000002'),
  null,
  'it has no author any more'
);

set local role authenticated;
select set_config('request.jwt.claims', json_build_object('sub', 'f1000000-0000-4000-8000-000000000001', 'role', 'authenticated')::text, true);

select results_eq(
  $$select body from public.messages where conversation_id = 'f3000000-0000-4000-8000-000000000001' order by created_at, body$$,
  $$values ('Answer'), ('Question')$$,
  'the customer still reads the whole thread'
);
select throws_ok(
  $$insert into public.messages (conversation_id, sender_id, body) values ('f3000000-0000-4000-8000-000000000001', null, 'Anonymous')$$,
  '42501', null,
  'no one can write a message without an author'
);

reset role;
delete from auth.users where id = 'f1000000-0000-4000-8000-000000000001';
select is_empty(
  $$select 1 from public.conversations where id = 'f3000000-0000-4000-8000-000000000001'$$,
  'deleting the customer still deletes their conversation'
);
select is_empty(
  $$select 1 from public.messages where conversation_id = 'f3000000-0000-4000-8000-000000000001'$$,
  'and every message in it'
);

select * from finish();
rollback;
