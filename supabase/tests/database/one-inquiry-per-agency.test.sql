-- The dedup migration's indexes: one agency inquiry per (agency, customer), one message per (sender, client_message_id).
begin;
select plan(14);

select tests.create_user('customer');
select tests.create_user('other-customer');
select tests.create_agency('first-agency');
select tests.create_agency('second-agency');

select has_index(
  'public', 'conversations', 'unique_agency_user_conversation', array['context_type', 'context_id', 'created_by'],
  'unique_agency_user_conversation covers (context_type, context_id, created_by)'
);
select index_is_unique('public', 'conversations', 'unique_agency_user_conversation', 'unique_agency_user_conversation is unique');
select is(
  (select pg_get_expr(i.indpred, i.indrelid) from pg_index i where i.indexrelid = 'public.unique_agency_user_conversation'::regclass),
  '(context_type = ''agency_inquiry''::text)',
  'unique_agency_user_conversation is partial: only agency inquiries'
);
select has_index(
  'public', 'messages', 'messages_sender_client_message_id_key', array['sender_id', 'client_message_id'],
  'messages_sender_client_message_id_key covers (sender_id, client_message_id)'
);
select index_is_unique('public', 'messages', 'messages_sender_client_message_id_key', 'messages_sender_client_message_id_key is unique');

select tests.authenticate_as(tests.uid('customer'));

select lives_ok(
  $$insert into public.conversations (context_type, context_id) values ('agency_inquiry', tests.agency_id('first-agency'))$$,
  'the first inquiry to an agency is created'
);
select throws_ok(
  $$insert into public.conversations (context_type, context_id) values ('agency_inquiry', tests.agency_id('first-agency'))$$,
  '23505', null,
  'a second inquiry by the same customer to the same agency raises 23505'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id) values ('agency_inquiry', tests.agency_id('second-agency'))$$,
  'the same customer may write to another agency'
);
select lives_ok(
  $$insert into public.conversations (context_type, context_id) values ('support', tests.unknown_id());
    insert into public.conversations (context_type, context_id) values ('support', tests.unknown_id())$$,
  'other context types allow duplicates'
);
select is(
  (select count(*)::int from public.conversations where context_type = 'support'),
  2,
  'both support conversations exist'
);

insert into public.messages (conversation_id, body, client_message_id)
select id, 'First send', tests.client_message_id('first-send')
from public.conversations where context_id = tests.agency_id('first-agency');

select throws_ok(
  $$insert into public.messages (conversation_id, body, client_message_id)
    select id, 'First send', tests.client_message_id('first-send')
    from public.conversations where context_id = tests.agency_id('first-agency')$$,
  '23505', null,
  'resending with the same client_message_id raises 23505'
);
select is(
  (select count(*)::int from public.messages),
  1,
  'the retried send stored one message'
);

select tests.authenticate_as(tests.uid('other-customer'));

select lives_ok(
  $$insert into public.conversations (context_type, context_id) values ('agency_inquiry', tests.agency_id('first-agency'))$$,
  'another customer may write to the same agency'
);
select lives_ok(
  $$insert into public.messages (conversation_id, body, client_message_id)
    select id, 'Hello', tests.client_message_id('first-send')
    from public.conversations where context_id = tests.agency_id('first-agency')$$,
  'client_message_id is unique per sender, not globally'
);

reset role;
select * from finish();
rollback;
