-- Live conversations: every new message is broadcast by the database, on private Realtime topics that only its
-- conversation's participants may join (issue "Live conversations").
--
-- Topics, all private (a client joins with `config: { private: true }`):
--   conversation:<conversation id>   the conversation's customer and its agency's staff
--   inbox:user:<user id>             that user: a message in any conversation they started
--   inbox:agency:<agency id>         that agency's staff: a message in any inquiry addressed to it
-- Event `message_created`; payload: id, conversation_id, sender_id, body, created_at, client_message_id (what a
-- participant may read anyway). realtime.send() writes a row of realtime.messages in the sending transaction,
-- and Realtime reads it from the write-ahead log once committed: a rolled-back insert broadcasts nothing.
--
-- Realtime decides who may join a private topic with these SELECT policies. Its join check inserts a probe row
-- (the topic, extension 'broadcast') through its own connection, then, as the joining user (role, JWT claims,
-- realtime.topic set), selects it back: visible means "may read". It decides "may write" by inserting as the
-- user; there is no INSERT policy here, so no client can send on these topics. Only the trigger, as the owner of
-- its security definer function, writes them.
--
-- The `realtime` schema is Supabase's (supabase start, hosted projects, and the local stack's base SQL).
--
-- The trigger takes a share row exclusive lock on messages, the policy an access exclusive one on
-- realtime.messages, each for an instant: give up after 5 s rather than hold sends behind a long transaction.
set local lock_timeout = '5s';

-- Whether the caller may join `topic`. One call per statement (the policy wraps it in a select), and a topic
-- that is not exactly one of the three shapes with a lowercase uuid is refused, never an error: the uuid is
-- only ever cast from what the pattern matched. Security invoker: "a participant of the conversation" is
-- "may read the conversation" under its own row-level security.
create function private.can_join_live_topic(topic text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(
    exists (
      select 1
      from public.conversations c
      where c.id = (regexp_match(topic, '^conversation:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$'))[1]::uuid
    )
    or (regexp_match(topic, '^inbox:user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$'))[1]::uuid
      = (select auth.uid())
    or (regexp_match(topic, '^inbox:agency:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$'))[1]::uuid
      = any (private.my_agency_ids()),
    false
  );
$$;

comment on function private.can_join_live_topic(text) is 'True when the calling user may receive the live topic: conversation:<id> as a participant, inbox:user:<own id>, inbox:agency:<id of an agency they are staff of>.';

revoke execute on function private.can_join_live_topic(text) from public, anon;
grant execute on function private.can_join_live_topic(text) to authenticated, service_role;

create policy "live conversations: participants receive their topics"
  on realtime.messages for select
  to authenticated
  using (
    extension = 'broadcast'
    and topic = (select realtime.topic())
    and (select private.can_join_live_topic((select realtime.topic())))
  );

-- After the insert, in the sending transaction: three rows of realtime.messages (two for a conversation that is
-- not an agency inquiry). The audience columns were copied from the conversation before the insert, so no
-- lookup is needed.
create function private.messages_broadcast_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  payload constant jsonb := jsonb_build_object(
    'id', new.id,
    'conversation_id', new.conversation_id,
    'sender_id', new.sender_id,
    'body', new.body,
    'created_at', new.created_at,
    'client_message_id', new.client_message_id
  );
begin
  perform realtime.send(payload, 'message_created', 'conversation:' || new.conversation_id, true);
  perform realtime.send(payload, 'message_created', 'inbox:user:' || new.conversation_created_by, true);
  if new.conversation_agency_id is not null then
    perform realtime.send(payload, 'message_created', 'inbox:agency:' || new.conversation_agency_id, true);
  end if;
  return null;
end;
$$;

revoke execute on function private.messages_broadcast_created() from public, anon, authenticated;

create trigger messages_broadcast_created
  after insert on public.messages
  for each row execute function private.messages_broadcast_created();
