-- Unread totals (20261203100000_unread_totals.sql): public.my_unread_total equals, for every actor and after
-- every kind of write, the sum over their conversations of each row's unread count; the totals' row-level
-- security; and the recount agrees with what the triggers kept.
begin;
select plan(26);

select tests.create_user('customer');
select tests.create_user('customer-two');
select tests.create_user('staff-one');
select tests.create_user('staff-two');
select tests.create_user('staff-self'); -- staff of the asked agency who also writes to it as a customer
select tests.create_user('staff-late');
select tests.create_user('staff-other');
select tests.create_user('stranger');
select tests.create_agency('asked-agency', staff => array['staff-one', 'staff-two', 'staff-self']);
select tests.create_agency('other-agency', staff => array['staff-other']);
insert into public.conversations (context_type, context_id, created_by) values
  ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer')),
  ('agency_inquiry', tests.agency_id('other-agency'), tests.uid('customer')),
  ('support', tests.unknown_id(), tests.uid('customer')),
  ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('customer-two')),
  ('agency_inquiry', tests.agency_id('asked-agency'), tests.uid('staff-self')),
  ('agency_inquiry', tests.agency_id('other-agency'), tests.uid('staff-self'));

-- Each actor's total as they read it (as `authenticated` with their claims), beside the sum over the
-- conversations they take part in of max(0, other side - their marker), computed as the superuser.
create function pg_temp.totals() returns table (actor text, from_view bigint, per_row bigint)
language plpgsql as $$
declare
  name text;
  viewer uuid;
begin
  foreach name in array array['customer', 'customer-two', 'staff-one', 'staff-two', 'staff-self', 'staff-late',
    'staff-other', 'stranger'] loop
    select id into viewer from auth.users where email = name || '@example.test';
    if viewer is null then
      continue; -- deleted by the test
    end if;
    actor := name;
    select coalesce(sum(greatest(0,
        case when c.created_by = viewer then c.agency_message_count else c.customer_message_count end
        - coalesce(r.seen_count, 0))), 0)
      into per_row
    from public.conversations c
    left join public.conversation_reads r on r.conversation_id = c.id and r.user_id = viewer
    where c.created_by = viewer
      or (c.context_type = 'agency_inquiry'
        and c.context_id in (select m.agency_id from public.agency_members m where m.user_id = viewer));
    perform tests.authenticate_as(viewer);
    select t.unread_count into from_view from public.my_unread_total t;
    perform set_config('role', 'none', true);
    return next;
  end loop;
end
$$;

create function pg_temp.send(sender text, customer text, agency text, body text) returns void
language plpgsql as $$
begin
  perform tests.authenticate_as(tests.uid(sender));
  insert into public.messages (conversation_id, body) values (tests.conversation_id(customer, agency), body);
  perform set_config('role', 'none', true);
end
$$;

create function pg_temp.mark(reader text, customer text, agency text) returns void
language plpgsql as $$
begin
  perform tests.authenticate_as(tests.uid(reader));
  perform public.mark_conversation_read(tests.conversation_id(customer, agency));
  perform set_config('role', 'none', true);
end
$$;

create view pg_temp.mismatches as select * from pg_temp.totals() where from_view <> per_row;

select is_empty($$select * from pg_temp.totals() where from_view <> 0 or per_row <> 0$$, 'nothing is unread before any message');

-- Sends by both sides, a colleague's reply, a staff member in the inquiry they wrote as a customer.
select pg_temp.send('customer', 'customer', 'asked-agency', 'Is June free?');
select pg_temp.send('customer', 'customer', 'asked-agency', 'Or July?');
select pg_temp.send('customer', 'customer', 'other-agency', 'Hello other');
select pg_temp.send('customer-two', 'customer-two', 'asked-agency', 'A question');
select pg_temp.send('staff-self', 'staff-self', 'asked-agency', 'Asking my own agency');
select pg_temp.send('staff-self', 'staff-self', 'other-agency', 'Asking the other agency');
select pg_temp.send('staff-one', 'customer', 'asked-agency', 'June is free');
select pg_temp.send('staff-two', 'customer', 'asked-agency', 'July too');
select pg_temp.send('staff-self', 'customer-two', 'asked-agency', 'Answer from staff-self');
select pg_temp.send('staff-one', 'staff-self', 'asked-agency', 'Answer to a colleague');
select pg_temp.send('staff-other', 'customer', 'other-agency', 'Hello back');
select pg_temp.send('customer', 'customer', 'asked-agency', 'Thanks');

select is_empty('select * from pg_temp.mismatches', 'after sends by both sides, every total equals the per-row sum');
select results_eq(
  $$select actor, from_view from pg_temp.totals() order by actor$$,
  $$values ('customer', 3::bigint), ('customer-two', 1::bigint), ('staff-late', 0::bigint), ('staff-one', 5::bigint),
    ('staff-other', 2::bigint), ('staff-self', 5::bigint), ('staff-two', 5::bigint), ('stranger', 0::bigint)$$,
  'the totals are the expected numbers: own messages and colleagues'' replies are never unread'
);

select pg_temp.mark('staff-one', 'customer', 'asked-agency');
select pg_temp.mark('customer', 'customer', 'asked-agency');
select pg_temp.mark('staff-self', 'staff-self', 'asked-agency');
select pg_temp.mark('staff-self', 'customer-two', 'asked-agency');
select pg_temp.mark('staff-other', 'staff-self', 'other-agency');
select is_empty('select * from pg_temp.mismatches', 'after marks on both sides, every total equals the per-row sum');
select is(
  (select from_view from pg_temp.totals() where actor = 'staff-one'), 2::bigint,
  'a mark counts for its reader only: staff-one still has customer-two''s and staff-self''s inquiries'
);

select pg_temp.mark('staff-one', 'customer', 'asked-agency');
select is_empty('select * from pg_temp.mismatches', 'marking again changes nothing');

select pg_temp.send('customer', 'customer', 'asked-agency', 'One more');
select pg_temp.send('staff-two', 'customer', 'asked-agency', 'Noted');
select is_empty('select * from pg_temp.mismatches', 'after sends that follow marks, every total equals the per-row sum');

insert into public.agency_members (agency_id, user_id) values (tests.agency_id('asked-agency'), tests.uid('staff-late'));
select is_empty('select * from pg_temp.mismatches', 'a staff member who joins later has every inquiry of the agency unread');
select is((select from_view from pg_temp.totals() where actor = 'staff-late'), 6::bigint, 'staff-late sees 6');

delete from public.agency_members where user_id = tests.uid('staff-two');
select is((select from_view from pg_temp.totals() where actor = 'staff-two'), 0::bigint, 'a staff member removed from the agency has nothing unread');
select is_empty('select * from pg_temp.mismatches', 'after a removal from an agency, every total equals the per-row sum');
insert into public.agency_members (agency_id, user_id) values (tests.agency_id('asked-agency'), tests.uid('staff-two'));
select is_empty('select * from pg_temp.mismatches', 'and after they are added again');

-- A conversation withdrawn while empty (the customers' delete policy), with a staff marker on it.
insert into public.conversations (context_type, context_id, created_by)
  values ('agency_inquiry', tests.agency_id('other-agency'), tests.uid('customer-two'));
select pg_temp.mark('staff-other', 'customer-two', 'other-agency');
select tests.authenticate_as(tests.uid('customer-two'));
delete from public.conversations where id = tests.conversation_id('customer-two', 'other-agency');
reset role;
select is_empty('select * from pg_temp.mismatches', 'after a conversation is withdrawn, every total equals the per-row sum');

-- A customer's account deleted: their conversations, messages and the staff's markers on them go.
delete from auth.users where id = tests.uid('customer-two');
select is_empty('select * from pg_temp.mismatches', 'after a customer is deleted, every total equals the per-row sum');
select is((select from_view from pg_temp.totals() where actor = 'staff-one'), 2::bigint, 'their inquiry no longer counts for the agency');

-- A staff member's account deleted: their replies stay (without an author) and still count for the customer.
delete from auth.users where id = tests.uid('staff-two');
select is_empty('select * from pg_temp.mismatches', 'after a staff member is deleted, every total equals the per-row sum');
select is((select from_view from pg_temp.totals() where actor = 'customer'), 2::bigint, 'a deleted author''s unread reply still counts');

-- An agency deleted: its totals go with it; its former inquiries still take their customer's messages.
delete from public.agencies where id = tests.agency_id('other-agency');
select pg_temp.send('customer', 'customer', 'asked-agency', 'Still here');
insert into public.messages (conversation_id, sender_id, body)
  select id, created_by, 'To an agency that is gone' from public.conversations
  where created_by = tests.uid('customer') and context_type = 'agency_inquiry'
    and context_id not in (select id from public.agencies);
select is_empty('select * from pg_temp.mismatches', 'after an agency is deleted, every total equals the per-row sum');

-- The recount (migration, bulk loads) finds what the triggers kept.
create temporary table kept as
  select 'customer' as kind, user_id as id, null::uuid as agency_id, received_count, seen_count from public.customer_inbox_totals
  union all select 'agency', agency_id, null, received_count, 0 from public.agency_inbox_totals
  union all select 'seen', user_id, agency_id, 0, seen_count from public.agency_inbox_seen_totals where seen_count <> 0;
select private.recount_inbox_totals();
select set_eq(
  $$select 'customer' as kind, user_id as id, null::uuid as agency_id, received_count, seen_count from public.customer_inbox_totals
    where received_count <> 0 or seen_count <> 0
    union all select 'agency', agency_id, null, received_count, 0 from public.agency_inbox_totals
    union all select 'seen', user_id, agency_id, 0, seen_count from public.agency_inbox_seen_totals$$,
  $$select * from kept where kind <> 'customer' or received_count <> 0 or seen_count <> 0$$,
  'counting every total again gives what the triggers kept'
);

-- A marker never counts more than the other side has sent, whoever writes it.
select throws_ok(
  $$update public.conversation_reads set seen_count = seen_count + 100
    where user_id = tests.uid('staff-one') and conversation_id = tests.conversation_id('customer', 'asked-agency')$$,
  '23514', 'a read marker cannot count more messages than the other side has sent',
  'even the superuser cannot move a marker past the other side''s counter'
);

-- Row-level security: own rows; an agency's totals for its staff; no writes.
select tests.authenticate_as(tests.uid('customer'));
select results_eq('select user_id from public.customer_inbox_totals', $$values (tests.uid('customer'))$$, 'a customer reads their own totals only');
select is_empty('select 1 from public.agency_inbox_totals', 'a customer reads no agency''s totals');
select tests.authenticate_as(tests.uid('staff-one'));
select results_eq('select agency_id from public.agency_inbox_totals', $$values (tests.agency_id('asked-agency'))$$, 'staff read their agency''s totals');
select results_eq('select distinct user_id from public.agency_inbox_seen_totals', $$values (tests.uid('staff-one'))$$, 'staff read their own seen totals only');
select throws_ok(
  $$update public.agency_inbox_totals set received_count = 0$$, '42501', null, 'no client writes the totals'
);
select tests.clear_authentication();
select throws_ok('select * from public.my_unread_total', '42501', null, 'a visitor cannot read the view');

select * from finish();
rollback;
