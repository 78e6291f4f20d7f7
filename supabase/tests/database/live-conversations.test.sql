-- Live conversations: the broadcast of new messages, and who may join which private Realtime topic.
--
-- A join is checked the way Supabase Realtime checks it (lib/realtime/tenants/authorization.ex): its own
-- connection inserts a probe row (the topic, extension 'broadcast'), then sets role, JWT claims and
-- realtime.topic for the joining user and selects the probe back; visible = may read (join). "May write" is
-- an insert as the user, refused with 42501 = may not send.
begin;
select plan(48);

-- Actors: a customer, staff of the agency asked, staff of another agency, a stranger.
-- Users with fixed ids (the profile trigger runs as for a sign-up), so topics and ids can be written out.
insert into auth.users (id, email) values ('f1000000-0000-4000-8000-000000000001', 'customer@live.test');
insert into auth.users (id, email) values ('f1000000-0000-4000-8000-000000000002', 'staff@asked-live.test');
insert into auth.users (id, email) values ('f1000000-0000-4000-8000-000000000003', 'staff@other-live.test');
insert into auth.users (id, email) values ('f1000000-0000-4000-8000-000000000004', 'stranger@live.test');
insert into public.agencies (id, name, slug) values
  ('f2000000-0000-4000-8000-000000000001', 'Asked Agency', 'live-asked-agency'),
  ('f2000000-0000-4000-8000-000000000002', 'Other Agency', 'live-other-agency');
insert into public.agency_members (agency_id, user_id) values
  ('f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002'),
  ('f2000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000003');
insert into public.conversations (id, context_type, context_id, created_by) values
  ('f3000000-0000-4000-8000-000000000001', 'agency_inquiry', 'f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001'),
  ('f3000000-0000-4000-8000-000000000002', 'support', 'f2000000-0000-4000-8000-0000000000ff', 'f1000000-0000-4000-8000-000000000001');

-- Realtime's read check for `topic` as `user_id` (null: an anonymous visitor). The probe is inserted as the
-- test's superuser, like Realtime's own connection (row-level security does not apply to it).
create function pg_temp.may_join(user_id uuid, topic text, probe_private boolean default null)
returns boolean
language plpgsql
as $$
declare
  probe_id uuid := gen_random_uuid();
  visible boolean;
begin
  insert into realtime.messages (id, topic, extension, private)
  values (probe_id, topic, 'broadcast', coalesce(probe_private, false));
  if user_id is null then
    perform tests.clear_authentication();
  else
    perform tests.authenticate_as(user_id);
  end if;
  perform set_config('realtime.topic', topic, true);
  select exists (select 1 from realtime.messages m where m.id = probe_id) into visible;
  reset role;
  perform set_config('realtime.topic', '', true);
  delete from realtime.messages m where m.id = probe_id;
  return visible;
end
$$;

-- Realtime's write check: an insert as the user; 42501 means "may not send".
create function pg_temp.may_send(user_id uuid, topic text)
returns boolean
language plpgsql
as $$
declare
  allowed boolean;
begin
  perform tests.authenticate_as(user_id);
  perform set_config('realtime.topic', topic, true);
  begin
    insert into realtime.messages (topic, extension) values (topic, 'broadcast');
    allowed := true;
  exception when insufficient_privilege then
    allowed := false;
  end;
  reset role;
  perform set_config('realtime.topic', '', true);
  return allowed;
end
$$;

-- conversation:<id>
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-000000000001'), true,
  'the customer joins their conversation''s topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000002', 'conversation:f3000000-0000-4000-8000-000000000001'), true,
  'staff of the agency asked join the conversation''s topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000003', 'conversation:f3000000-0000-4000-8000-000000000001'), false,
  'staff of another agency may not join it');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000004', 'conversation:f3000000-0000-4000-8000-000000000001'), false,
  'a stranger may not join it');
select is(pg_temp.may_join(null, 'conversation:f3000000-0000-4000-8000-000000000001'), false,
  'an anonymous visitor may not join it');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-00000000ffff'), false,
  'nobody joins the topic of a conversation that does not exist');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-000000000002'), true,
  'the customer joins the topic of a conversation that is not an agency inquiry');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-000000000001', true), true,
  'a probe row marked private is judged the same way');

-- inbox:user:<id>
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'inbox:user:f1000000-0000-4000-8000-000000000001'), true,
  'a customer joins their own inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000002', 'inbox:user:f1000000-0000-4000-8000-000000000002'), true,
  'staff join their own user inbox topic too');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000002', 'inbox:user:f1000000-0000-4000-8000-000000000001'), false,
  'staff may not join their customer''s inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000003', 'inbox:user:f1000000-0000-4000-8000-000000000001'), false,
  'staff of another agency may not join the customer''s inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000004', 'inbox:user:f1000000-0000-4000-8000-000000000001'), false,
  'a stranger may not join the customer''s inbox topic');
select is(pg_temp.may_join(null, 'inbox:user:f1000000-0000-4000-8000-000000000001'), false,
  'an anonymous visitor may not join a user inbox topic');

-- inbox:agency:<id>
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000002', 'inbox:agency:f2000000-0000-4000-8000-000000000001'), true,
  'staff join their agency''s inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000003', 'inbox:agency:f2000000-0000-4000-8000-000000000002'), true,
  'staff of the other agency join theirs');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000003', 'inbox:agency:f2000000-0000-4000-8000-000000000001'), false,
  'staff may not join another agency''s inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'inbox:agency:f2000000-0000-4000-8000-000000000001'), false,
  'the customer may not join the agency''s inbox topic');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000004', 'inbox:agency:f2000000-0000-4000-8000-000000000001'), false,
  'a stranger may not join the agency''s inbox topic');
select is(pg_temp.may_join(null, 'inbox:agency:f2000000-0000-4000-8000-000000000001'), false,
  'an anonymous visitor may not join an agency inbox topic');

-- Malformed topics are refused, never an error (an error would fail the join with a server error instead).
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:not-a-uuid'), false,
  'conversation:<not a uuid> is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:'), false,
  'conversation: without an id is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:F3000000-0000-4000-8000-000000000001'), false,
  'an uppercase id is not the topic the database sends on, and is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-000000000001:x'), false,
  'a suffix after the id is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000000040008000000000000001'), false,
  'an id without hyphens is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'inbox:user:f1000000-0000-4000-8000-000000000001 '), false,
  'a trailing space is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'inbox:user:'), false,
  'inbox:user: without an id is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000002', 'inbox:agency:zzzz'), false,
  'inbox:agency:<not a uuid> is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', 'inbox:f1000000-0000-4000-8000-000000000001'), false,
  'an unknown topic kind is refused');
select is(pg_temp.may_join('f1000000-0000-4000-8000-000000000001', ''), false, 'an empty topic is refused');

-- Nobody sends on these topics but the database.
select is(pg_temp.may_send('f1000000-0000-4000-8000-000000000001', 'conversation:f3000000-0000-4000-8000-000000000001'), false,
  'the customer may not send on the conversation''s topic');
select is(pg_temp.may_send('f1000000-0000-4000-8000-000000000002', 'conversation:f3000000-0000-4000-8000-000000000001'), false,
  'staff may not send on the conversation''s topic');
select is(pg_temp.may_send('f1000000-0000-4000-8000-000000000001', 'inbox:user:f1000000-0000-4000-8000-000000000001'), false,
  'a user may not send on their own inbox topic');
select is(pg_temp.may_send('f1000000-0000-4000-8000-000000000002', 'inbox:agency:f2000000-0000-4000-8000-000000000001'), false,
  'staff may not send on their agency''s inbox topic');
select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');
select realtime.send('{"body":"forged"}', 'message_created', 'conversation:f3000000-0000-4000-8000-000000000001', true);
reset role;
select is_empty($$select 1 from realtime.messages where payload ->> 'body' = 'forged'$$,
  'realtime.send() called by a client stores nothing (row-level security refuses the row)');

-- The broadcast of a new message: three topics, the event, the payload, private. (The seed's messages were
-- broadcast when the seed ran; start from none.)
delete from realtime.messages;
select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');
insert into public.messages (conversation_id, body, client_message_id)
  values ('f3000000-0000-4000-8000-000000000001', 'Is the June trip still available?', 'f4000000-0000-4000-8000-000000000001');
reset role;

select results_eq(
  $$select topic from realtime.messages where event = 'message_created' order by topic$$,
  $$values ('conversation:f3000000-0000-4000-8000-000000000001'),
           ('inbox:agency:f2000000-0000-4000-8000-000000000001'),
           ('inbox:user:f1000000-0000-4000-8000-000000000001')$$,
  'a new message is broadcast on its conversation''s topic, the customer''s inbox and the agency''s inbox'
);
select is(
  (select count(*)::int from realtime.messages where event = 'message_created' and private is true and extension = 'broadcast'),
  3,
  'each broadcast is private, on the broadcast extension'
);
select is(
  (select count(distinct payload)::int from realtime.messages where event = 'message_created'),
  1,
  'the three carry the same payload'
);
select is(
  (select payload from realtime.messages where topic = 'conversation:f3000000-0000-4000-8000-000000000001' and event = 'message_created'),
  (select jsonb_build_object('id', m.id, 'conversation_id', m.conversation_id, 'sender_id', m.sender_id, 'body', m.body,
     'created_at', m.created_at, 'client_message_id', m.client_message_id)
   from public.messages m where m.client_message_id = 'f4000000-0000-4000-8000-000000000001'),
  'the payload is the message''s id, conversation_id, sender_id, body, created_at and client_message_id, nothing else'
);

-- A send that does not happen broadcasts nothing.
delete from realtime.messages;
savepoint before_send;
select tests.authenticate_as('f1000000-0000-4000-8000-000000000002');
insert into public.messages (conversation_id, body) values ('f3000000-0000-4000-8000-000000000001', 'Yes, four places left.');
reset role;
select is((select count(*)::int from realtime.messages), 3, 'a reply is broadcast too (inside its transaction)');
rollback to savepoint before_send;
select is_empty($$select 1 from realtime.messages$$, 'a rolled-back insert leaves no broadcast');

select tests.authenticate_as('f1000000-0000-4000-8000-000000000004');
select throws_ok(
  $$insert into public.messages (conversation_id, body) values ('f3000000-0000-4000-8000-000000000001', 'Hello?')$$,
  '42501', null,
  'a stranger''s message is refused'
);
reset role;
select is_empty($$select 1 from realtime.messages$$, 'and a refused message broadcasts nothing');

select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');
select throws_ok(
  $$insert into public.messages (conversation_id, body) values ('f3000000-0000-4000-8000-000000000001', '')$$,
  '23514', null,
  'an empty message is refused'
);
reset role;
select is_empty($$select 1 from realtime.messages$$, 'and broadcasts nothing');

-- A conversation that is not an agency inquiry has no agency inbox to tell.
select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');
insert into public.messages (conversation_id, body) values ('f3000000-0000-4000-8000-000000000002', 'Help, please');
reset role;
select results_eq(
  $$select topic from realtime.messages order by topic$$,
  $$values ('conversation:f3000000-0000-4000-8000-000000000002'), ('inbox:user:f1000000-0000-4000-8000-000000000001')$$,
  'a support message is broadcast on its conversation and the customer''s inbox only'
);

-- What the database sent is what the participants may read: each broadcast row is visible to the topic's
-- members only (the policy also ties the row to the topic being checked).
select tests.authenticate_as('f1000000-0000-4000-8000-000000000001');
select set_config('realtime.topic', 'conversation:f3000000-0000-4000-8000-000000000002', true);
select is((select count(*)::int from realtime.messages), 1,
  'checked against one topic, a participant sees that topic''s rows only');
select tests.authenticate_as('f1000000-0000-4000-8000-000000000002');
select is_empty($$select 1 from realtime.messages$$, 'staff of the agency asked do not take part in the support conversation');
reset role;
select set_config('realtime.topic', '', true);

select * from finish();
rollback;
