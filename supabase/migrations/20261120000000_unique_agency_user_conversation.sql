-- One agency inquiry per (agency, customer), and one message per (sender, client_message_id).
--
-- The live database was created without these indexes, so a double-click or a retried request may have
-- produced duplicate inquiries and repeated messages. They are merged first (no message is lost), then the
-- unique indexes are built. Everything happens in this file's transaction (supabase db reset/push run one
-- transaction per migration file), so no `concurrently`, and the tables are locked against writes while
-- merging so nothing can slip in between the merge and the index builds.
--
-- Lock order: messages first, then conversations. A message insert holds its lock on messages and its AFTER
-- trigger (messages_touch_conversation) then updates conversations; taking conversations first here made the
-- two wait on each other ("deadlock detected", this migration the victim) whenever a send was in flight. This
-- migration had not shipped anywhere when the order was fixed, so it was corrected in place.
-- (tests/db/migration-locks.test.ts runs it against message inserts and reads in flight.)
--
-- Reads are never blocked: share row exclusive does not conflict with a read's access share, so an open
-- transaction that read either table does not hold this up either. Writers are: waiting for its locks, this
-- file gives up after 1 s (lock_timeout; the deploy fails and can be run again) rather than queue every send
-- behind a long transaction. Once it holds them, sends wait until the merge and the index builds are done: at
-- 1M messages that is about 35 s (docs/database.md, "Deploying at scale", has the figures and a way to run it
-- on a busy table). lock_timeout added in place: no deploy of this schema exists yet.
set local lock_timeout = '1s';

create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Not exposed through the API: maintenance functions.';

-- Merge semantics (also exercised by supabase/tests/database/merge-duplicate-inquiries.test.sql):
-- 1. Per (context_type, context_id, created_by) with context_type = 'agency_inquiry' keep the oldest
--    conversation (created_at, then id). Every message of the others moves to it; its last_message_at becomes
--    the greatest of the group's last_message_at values; the others are then deleted.
-- 2. Messages repeated for the same send, i.e. same sender_id, client_message_id, conversation (after the
--    move) and body, are one message stored twice: the oldest (created_at, then id) is kept, the repeats
--    deleted.
-- 3. Any remaining pair sharing (sender_id, client_message_id) is a different message (a client that reused
--    its key): the oldest keeps the key, the others get a fresh gen_random_uuid() so they survive.
create function private.merge_duplicate_agency_inquiries(
  out merged_conversations integer,
  out deleted_repeated_messages integer,
  out rekeyed_messages integer
)
language plpgsql
set search_path = ''
as $$
declare
  duplicate_group record;
  duplicate_ids uuid[];
begin
  merged_conversations := 0;

  for duplicate_group in
    select array_agg(c.id order by c.created_at, c.id) as ids, max(c.last_message_at) as last_message_at
    from public.conversations c
    where c.context_type = 'agency_inquiry'
    group by c.context_type, c.context_id, c.created_by
    having count(*) > 1
  loop
    duplicate_ids := duplicate_group.ids[2:];

    update public.messages m
    set conversation_id = duplicate_group.ids[1]
    where m.conversation_id = any (duplicate_ids);

    update public.conversations c
    set last_message_at = greatest(c.last_message_at, duplicate_group.last_message_at)
    where c.id = duplicate_group.ids[1];

    delete from public.conversations c where c.id = any (duplicate_ids);

    merged_conversations := merged_conversations + cardinality(duplicate_ids);
  end loop;

  delete from public.messages m
  using public.messages kept
  where kept.sender_id = m.sender_id
    and kept.client_message_id = m.client_message_id
    and kept.conversation_id = m.conversation_id
    and kept.body = m.body
    and (kept.created_at, kept.id) < (m.created_at, m.id);
  get diagnostics deleted_repeated_messages = row_count;

  update public.messages m
  set client_message_id = gen_random_uuid()
  from (
    select r.id, row_number() over (partition by r.sender_id, r.client_message_id order by r.created_at, r.id) as rank
    from public.messages r
  ) ranked
  where ranked.id = m.id
    and ranked.rank > 1;
  get diagnostics rekeyed_messages = row_count;
end;
$$;

revoke execute on function private.merge_duplicate_agency_inquiries() from public, anon, authenticated;

-- One statement, so it is atomic whether or not the runner wraps this file in a transaction: the lock blocks
-- inserts (and the last_message_at trigger's updates) until the indexes exist; reads continue.
do $$
declare
  result record;
begin
  -- Same order as a message insert: messages, then conversations (see the header).
  lock table public.messages in share row exclusive mode;
  lock table public.conversations in share row exclusive mode;

  select * into result from private.merge_duplicate_agency_inquiries();
  raise notice 'merged % duplicate agency inquiries, deleted % repeated messages, re-keyed % messages',
    result.merged_conversations, result.deleted_repeated_messages, result.rekeyed_messages;

  create unique index unique_agency_user_conversation
    on public.conversations (context_type, context_id, created_by)
    where context_type = 'agency_inquiry';

  create unique index messages_sender_client_message_id_key
    on public.messages (sender_id, client_message_id);
end
$$;

comment on index public.unique_agency_user_conversation is 'One inquiry per customer and agency. PostgREST upserts cannot target a partial index: insert, and on 23505 read the existing row.';
comment on index public.messages_sender_client_message_id_key is 'Idempotent sends: a retried message with the same client_message_id raises 23505.';
