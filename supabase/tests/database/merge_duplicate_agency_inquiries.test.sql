-- private.merge_duplicate_agency_inquiries(), run by the dedup migration, on duplicates a live database may hold.
-- The unique indexes are dropped inside this transaction (rolled back at the end) so duplicates can be seeded.
begin;
select plan(14);

drop index public.unique_agency_user_conversation;
drop index public.messages_sender_client_message_id_key;

select tests.create_user('f1000000-0000-4000-8000-000000000001', 'double.clicker@example.test');
select tests.create_user('f1000000-0000-4000-8000-000000000002', 'single.clicker@example.test');
insert into public.agencies (id, name, slug) values
  ('f2000000-0000-4000-8000-000000000001', 'First Agency', 'first-agency'),
  ('f2000000-0000-4000-8000-000000000002', 'Second Agency', 'second-agency');

-- Three inquiries by the same customer to the first agency; the oldest (f3…01) must be kept.
-- Two to the second agency created at the same instant: the smaller id (f3…04) must be kept.
-- One inquiry by another customer and two support conversations: untouched.
insert into public.conversations (id, context_type, context_id, created_by, created_at, last_message_at) values
  ('f3000000-0000-4000-8000-000000000002', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', '2026-01-01 10:01+00', '2026-01-01 12:00+00'),
  ('f3000000-0000-4000-8000-000000000001', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', '2026-01-01 10:00+00', '2026-01-01 10:00+00'),
  ('f3000000-0000-4000-8000-000000000003', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', '2026-01-01 10:02+00', '2026-01-01 10:02+00'),
  ('f3000000-0000-4000-8000-000000000005', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001', '2026-01-02 09:00+00', null),
  ('f3000000-0000-4000-8000-000000000004', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001', '2026-01-02 09:00+00', null),
  ('f3000000-0000-4000-8000-000000000006', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002', '2026-01-01 10:00+00', null),
  ('f3000000-0000-4000-8000-000000000007', 'support', 'f2000000-0000-4000-8000-000000000009', 'f1000000-0000-4000-8000-000000000001', '2026-01-01 10:00+00', null),
  ('f3000000-0000-4000-8000-000000000008', 'support', 'f2000000-0000-4000-8000-000000000009', 'f1000000-0000-4000-8000-000000000001', '2026-01-01 10:00+00', null);

-- The last_message_at trigger fires here too: f3…05 gets 09:04, the others already hold later values.
-- f4…03 and f4…04 are one send stored twice (double-click created two conversations, each with the first
-- message); f4…06 reuses f4…02's client_message_id with another body: a different message that must survive.
insert into public.messages (id, conversation_id, sender_id, body, client_message_id, created_at) values
  ('f4000000-0000-4000-8000-000000000001', 'f3000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', 'Hello',          'f5000000-0000-4000-8000-000000000001', '2026-01-01 09:00+00'),
  ('f4000000-0000-4000-8000-000000000002', 'f3000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001', 'Any discounts?', 'f5000000-0000-4000-8000-000000000002', '2026-01-01 09:01+00'),
  ('f4000000-0000-4000-8000-000000000003', 'f3000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001', 'Two adults',     'f5000000-0000-4000-8000-000000000003', '2026-01-01 09:02+00'),
  ('f4000000-0000-4000-8000-000000000004', 'f3000000-0000-4000-8000-000000000003', 'f1000000-0000-4000-8000-000000000001', 'Two adults',     'f5000000-0000-4000-8000-000000000003', '2026-01-01 09:03+00'),
  ('f4000000-0000-4000-8000-000000000005', 'f3000000-0000-4000-8000-000000000005', 'f1000000-0000-4000-8000-000000000001', 'Second agency',  'f5000000-0000-4000-8000-000000000005', '2026-01-01 09:04+00'),
  ('f4000000-0000-4000-8000-000000000006', 'f3000000-0000-4000-8000-000000000007', 'f1000000-0000-4000-8000-000000000001', 'Support',        'f5000000-0000-4000-8000-000000000002', '2026-01-01 09:05+00');

select results_eq(
  $$select * from private.merge_duplicate_agency_inquiries()$$,
  $$values (3, 1, 1)$$,
  'merges 3 duplicate inquiries, deletes 1 repeated message, re-keys 1 colliding message'
);
select is_empty(
  $$select context_id, created_by from public.conversations where context_type = 'agency_inquiry'
    group by context_type, context_id, created_by having count(*) > 1$$,
  'one inquiry remains per (agency, customer)'
);
select results_eq(
  $$select id from public.conversations where created_by in (select id from auth.users where email like '%.clicker@example.test') order by id$$,
  $$values ('f3000000-0000-4000-8000-000000000001'::uuid), ('f3000000-0000-4000-8000-000000000004'::uuid),
           ('f3000000-0000-4000-8000-000000000006'::uuid), ('f3000000-0000-4000-8000-000000000007'::uuid),
           ('f3000000-0000-4000-8000-000000000008'::uuid)$$,
  'the oldest inquiry (then the smallest id) is kept; others and support conversations are untouched'
);
select results_eq(
  $$select m.id, m.conversation_id from public.messages m
    join public.conversations c on c.id = m.conversation_id
    where c.created_by in (select id from auth.users where email like '%.clicker@example.test')
    order by m.id$$,
  $$values ('f4000000-0000-4000-8000-000000000001'::uuid, 'f3000000-0000-4000-8000-000000000001'::uuid),
           ('f4000000-0000-4000-8000-000000000002'::uuid, 'f3000000-0000-4000-8000-000000000001'::uuid),
           ('f4000000-0000-4000-8000-000000000003'::uuid, 'f3000000-0000-4000-8000-000000000001'::uuid),
           ('f4000000-0000-4000-8000-000000000005'::uuid, 'f3000000-0000-4000-8000-000000000004'::uuid),
           ('f4000000-0000-4000-8000-000000000006'::uuid, 'f3000000-0000-4000-8000-000000000007'::uuid)$$,
  'every message moved to the kept inquiry; only the stored-twice send lost its later copy'
);
select is(
  (select last_message_at from public.conversations where id = 'f3000000-0000-4000-8000-000000000001'),
  '2026-01-01 12:00+00'::timestamptz,
  'the kept inquiry carries the newest last_message_at of its duplicates'
);
select is(
  (select last_message_at from public.conversations where id = 'f3000000-0000-4000-8000-000000000004'),
  '2026-01-01 09:04+00'::timestamptz,
  'the kept inquiry takes a duplicate''s last_message_at when it had none'
);
select is(
  (select client_message_id from public.messages where id = 'f4000000-0000-4000-8000-000000000002'),
  'f5000000-0000-4000-8000-000000000002'::uuid,
  'the oldest message keeps a shared client_message_id'
);
select isnt(
  (select client_message_id from public.messages where id = 'f4000000-0000-4000-8000-000000000006'),
  'f5000000-0000-4000-8000-000000000002'::uuid,
  'a different message that reused it gets a new client_message_id'
);
select is(
  (select body from public.messages where id = 'f4000000-0000-4000-8000-000000000006'),
  'Support',
  'the re-keyed message is otherwise unchanged'
);
select results_eq(
  $$select * from private.merge_duplicate_agency_inquiries()$$,
  $$values (0, 0, 0)$$,
  'a second run changes nothing'
);
select lives_ok(
  $$create unique index unique_agency_user_conversation on public.conversations (context_type, context_id, created_by)
    where context_type = 'agency_inquiry'$$,
  'the conversations unique index can be built afterwards'
);
select lives_ok(
  $$create unique index messages_sender_client_message_id_key on public.messages (sender_id, client_message_id)$$,
  'the messages unique index can be built afterwards'
);

select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');

select throws_ok(
  $$select * from private.merge_duplicate_agency_inquiries()$$,
  '42501', null,
  'authenticated users cannot run the merge'
);

select tests.clear_authentication();

select throws_ok(
  $$select * from private.merge_duplicate_agency_inquiries()$$,
  '42501', null,
  'anon cannot run the merge'
);

reset role;
select * from finish();
rollback;
