-- private.merge_duplicate_agency_inquiries(), run by the dedup migration, on duplicates a live database may hold.
-- The unique indexes are dropped inside this transaction (rolled back at the end) so duplicates can be seeded.
begin;
select plan(14);

drop index public.unique_agency_user_conversation;
drop index public.messages_sender_client_message_id_key;

select tests.create_user('double-clicker');
select tests.create_user('single-clicker');
select tests.create_agency('first-agency');
select tests.create_agency('second-agency');

-- Three inquiries by the same customer to the first agency; the oldest (10:00) must be kept.
-- Two to the second agency created at the same instant: the one with the smaller id must be kept.
-- One inquiry by another customer and two support conversations: untouched.
insert into public.conversations (context_type, context_id, created_by, created_at, last_message_at) values
  ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('double-clicker'), '2026-01-01 10:01+00', '2026-01-01 12:00+00'),
  ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('double-clicker'), '2026-01-01 10:00+00', '2026-01-01 10:00+00'),
  ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('double-clicker'), '2026-01-01 10:02+00', '2026-01-01 10:02+00'),
  ('agency_inquiry', tests.agency_id('second-agency'), tests.uid('double-clicker'), '2026-01-02 09:00+00', null),
  ('agency_inquiry', tests.agency_id('second-agency'), tests.uid('double-clicker'), '2026-01-02 09:00+00', null),
  ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('single-clicker'), '2026-01-01 10:00+00', null),
  ('support', tests.unknown_id(), tests.uid('double-clicker'), '2026-01-01 10:00+00', null),
  ('support', tests.unknown_id(), tests.uid('double-clicker'), '2026-01-01 10:00+00', null);

-- The inquiries to the second agency differ only in their ids, so they are told apart by the order of those.
create temporary table second_agency_inquiries as
select id, row_number() over (order by id) as by_id
from public.conversations
where context_id = tests.agency_id('second-agency') and created_by = tests.uid('double-clicker');

-- Each message goes into the double-clicker's conversation created at the given time (or ranked by id).
-- The last_message_at trigger fires here too: the second agency's larger-id inquiry gets 09:04, the others already
-- hold later values. The two "Two adults" are one send stored twice (double-click created two conversations, each
-- with the first message); "Support" reuses the key of "Any discounts?" with another body: a different message
-- that must survive.
insert into public.messages (conversation_id, sender_id, body, client_message_id, created_at)
select c.id, c.created_by, m.body, tests.client_message_id(m.send), m.created_at
from (values
  ('2026-01-01 10:00+00'::timestamptz, 'Hello', 'hello', '2026-01-01 09:00+00'::timestamptz),
  ('2026-01-01 10:01+00', 'Any discounts?', 'any-discounts', '2026-01-01 09:01+00'),
  ('2026-01-01 10:01+00', 'Two adults', 'two-adults', '2026-01-01 09:02+00'),
  ('2026-01-01 10:02+00', 'Two adults', 'two-adults', '2026-01-01 09:03+00')
) as m (conversation_created_at, body, send, created_at)
join public.conversations c
  on c.context_id = tests.agency_id('first-agency') and c.created_by = tests.uid('double-clicker')
  and c.created_at = m.conversation_created_at;
insert into public.messages (conversation_id, sender_id, body, client_message_id, created_at) values
  ((select id from second_agency_inquiries where by_id = 2), tests.uid('double-clicker'), 'Second agency',
    tests.client_message_id('second-agency'), '2026-01-01 09:04+00'),
  ((select id from public.conversations where context_type = 'support' and created_by = tests.uid('double-clicker')
    order by id limit 1), tests.uid('double-clicker'), 'Support', tests.client_message_id('any-discounts'),
    '2026-01-01 09:05+00');

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
select bag_eq(
  $$select context_type, context_id, created_by, created_at, id in (select id from second_agency_inquiries where by_id = 1)
    from public.conversations where created_by in (tests.uid('double-clicker'), tests.uid('single-clicker'))$$,
  $$values
    ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('double-clicker'), '2026-01-01 10:00+00'::timestamptz, false),
    ('agency_inquiry', tests.agency_id('second-agency'), tests.uid('double-clicker'), '2026-01-02 09:00+00', true),
    ('agency_inquiry', tests.agency_id('first-agency'), tests.uid('single-clicker'), '2026-01-01 10:00+00', false),
    ('support', tests.unknown_id(), tests.uid('double-clicker'), '2026-01-01 10:00+00', false),
    ('support', tests.unknown_id(), tests.uid('double-clicker'), '2026-01-01 10:00+00', false)$$,
  'the oldest inquiry (then the smallest id) is kept; others and support conversations are untouched'
);
select bag_eq(
  $$select m.body, m.created_at, c.context_type, c.context_id, c.created_at as conversation_created_at
    from public.messages m join public.conversations c on c.id = m.conversation_id
    where m.sender_id = tests.uid('double-clicker')$$,
  $$values
    ('Hello', '2026-01-01 09:00+00'::timestamptz, 'agency_inquiry', tests.agency_id('first-agency'), '2026-01-01 10:00+00'::timestamptz),
    ('Any discounts?', '2026-01-01 09:01+00', 'agency_inquiry', tests.agency_id('first-agency'), '2026-01-01 10:00+00'),
    ('Two adults', '2026-01-01 09:02+00', 'agency_inquiry', tests.agency_id('first-agency'), '2026-01-01 10:00+00'),
    ('Second agency', '2026-01-01 09:04+00', 'agency_inquiry', tests.agency_id('second-agency'), '2026-01-02 09:00+00'),
    ('Support', '2026-01-01 09:05+00', 'support', tests.unknown_id(), '2026-01-01 10:00+00')$$,
  'every message moved to the kept inquiry; only the stored-twice send lost its later copy'
);
select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('double-clicker', 'first-agency')),
  '2026-01-01 12:00+00'::timestamptz,
  'the kept inquiry carries the newest last_message_at of its duplicates'
);
select is(
  (select last_message_at from public.conversations where id = tests.conversation_id('double-clicker', 'second-agency')),
  '2026-01-01 09:04+00'::timestamptz,
  'the kept inquiry takes a duplicate''s last_message_at when it had none'
);
select is(
  (select client_message_id from public.messages where body = 'Any discounts?'),
  tests.client_message_id('any-discounts'),
  'the oldest message keeps a shared client_message_id'
);
select isnt(
  (select client_message_id from public.messages where body = 'Support'),
  tests.client_message_id('any-discounts'),
  'a different message that reused it gets a new client_message_id'
);
select is(
  (select body from public.messages
    where sender_id = tests.uid('double-clicker') and created_at = '2026-01-01 09:05+00'),
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

select tests.authenticate_as(tests.uid('double-clicker'));

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
