-- public.agency_conversations_page (20261205090000_agency_conversations_page.sql): staff of an agency get its
-- inquiries a page at a time in (last_message_at desc nulls last, created_at desc, id desc), the cursor being the
-- previous page's last row; anyone else gets nothing, and anon may not call it.
begin;
select plan(12);

select tests.create_user('ap-staff');
select tests.create_user('ap-other-staff');
select tests.create_user('ap-stranger');
select tests.create_user('ap-' || n) from generate_series(1, 6) as n;
select tests.create_agency('ap-agency', staff => array['ap-staff']);
select tests.create_agency('ap-other-agency', staff => array['ap-other-staff']);

-- Ties on both timestamps (decided by id), written-to and never-written-to inquiries (nulls last), and rows that
-- must not appear: an inquiry to another agency, a support conversation naming the agency's id.
insert into public.conversations (context_type, context_id, created_by, created_at, last_message_at) values
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-1'), '2026-01-01 09:00Z', '2026-01-01 10:00Z'),
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-2'), '2026-01-01 09:00Z', '2026-01-01 10:00Z'),
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-3'), '2026-01-01 07:00Z', '2026-01-01 08:00Z'),
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-4'), '2026-01-01 11:00Z', null),
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-5'), '2026-01-01 11:00Z', null),
  ('agency_inquiry', tests.agency_id('ap-agency'), tests.uid('ap-6'), '2026-01-01 06:00Z', null),
  ('agency_inquiry', tests.agency_id('ap-other-agency'), tests.uid('ap-1'), '2026-01-01 12:00Z', '2026-01-01 12:00Z'),
  ('support', tests.agency_id('ap-agency'), tests.uid('ap-1'), '2026-01-01 12:00Z', '2026-01-01 12:00Z');

-- The order the API pages through, computed here from the definition: n = 1 is the first row of the first page.
create temporary table expected on commit drop as
select id, last_message_at, created_at,
  row_number() over (order by last_message_at desc nulls last, created_at desc, id desc) as n
from public.conversations
where context_type = 'agency_inquiry' and context_id = tests.agency_id('ap-agency');
grant select on expected to anon, authenticated;

select is(
  (select array_agg(last_message_at is null order by n) from expected),
  array[false, false, false, true, true, true],
  'the fixture: three written-to inquiries, then three never written to'
);

-- staff of the agency
select tests.authenticate_as(tests.uid('ap-staff'));
select results_eq(
  $$select id from public.agency_conversations_page(tests.agency_id('ap-agency'), 100)$$,
  $$select id from expected order by n$$,
  'staff get their agency''s inquiries, newest activity first, never-written-to last, ties by created_at and id'
);
select results_eq(
  $$select id from public.agency_conversations_page(tests.agency_id('ap-agency'), 2)$$,
  $$select id from expected where n <= 2 order by n$$,
  'page_size rows at most'
);
select is_empty(
  $$select e.n
    from expected e
    where array(
        select id
        from public.agency_conversations_page(tests.agency_id('ap-agency'), 100, e.last_message_at, e.created_at, e.id)
      ) is distinct from array(select id from expected after where after.n > e.n order by after.n)$$,
  'after every row, the page continues with exactly the rows after it (across ties and into the nulls)'
);
select results_eq(
  $$select page.id
    from (select * from expected where n = 3) as e,
      public.agency_conversations_page(tests.agency_id('ap-agency'), 2, e.last_message_at, e.created_at, e.id) as page$$,
  $$select id from expected where n in (4, 5) order by n$$,
  'after the last written-to inquiry come the never-written-to ones'
);
select is_empty(
  $$select 1 from public.agency_conversations_page(tests.agency_id('ap-agency'), 0)$$,
  'a page of 0 rows is empty'
);
select is_empty(
  $$select 1 from public.agency_conversations_page(tests.agency_id('ap-agency'), -1)$$,
  'a negative page size is an empty page, not an error'
);

-- anyone else
select tests.authenticate_as(tests.uid('ap-1'));
select is_empty(
  $$select 1 from public.agency_conversations_page(tests.agency_id('ap-agency'), 100)$$,
  'a customer of the agency gets nothing (not even their own inquiry)'
);
select tests.authenticate_as(tests.uid('ap-stranger'));
select is_empty(
  $$select 1 from public.agency_conversations_page(tests.agency_id('ap-agency'), 100)$$,
  'a stranger gets nothing'
);
select tests.authenticate_as(tests.uid('ap-other-staff'));
select is_empty(
  $$select 1 from public.agency_conversations_page(tests.agency_id('ap-agency'), 100)$$,
  'staff of another agency get nothing'
);
select results_eq(
  $$select created_by from public.agency_conversations_page(tests.agency_id('ap-other-agency'), 100)$$,
  array[tests.uid('ap-1')],
  'and their own agency''s page only'
);

select tests.clear_authentication();
select throws_ok(
  $$select public.agency_conversations_page(tests.agency_id('ap-agency'), 100)$$,
  '42501',
  null,
  'anon may not call it'
);

select * from finish();
rollback;
