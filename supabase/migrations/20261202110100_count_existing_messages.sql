-- Counts the messages stored before the counters existed (20261202110000_unread_counters_and_read_markers.sql).
--
-- Its own file, so its own transaction: the columns were added (an instant access exclusive lock on
-- conversations) and committed first; this file holds messages in share row exclusive mode, which makes sends
-- wait but lets every read through, while it counts. Sends that ran between the two files were counted by the
-- trigger and are counted again here from scratch, so the result is exact: no message can be inserted between
-- the count and the update. The wait grows with the tables: 7 to 14 s for 100,000 conversations and 150,000
-- messages on the shared development machine (PostgreSQL 15), nearly all of it rewriting the conversations.
-- Deploy at a quiet moment; on a large live table, count in batches beforehand instead (docs/database.md).
set local lock_timeout = '5s';

do $$
begin
  lock table public.messages in share row exclusive mode;

  update public.conversations c
  set customer_message_count = counted.customer_messages,
    agency_message_count = counted.agency_messages
  from (
    select m.conversation_id,
      count(*) filter (where m.sender_id is not distinct from m.conversation_created_by)::integer as customer_messages,
      count(*) filter (where m.sender_id is distinct from m.conversation_created_by)::integer as agency_messages
    from public.messages m
    group by m.conversation_id
  ) counted
  where counted.conversation_id = c.id
    and (c.customer_message_count, c.agency_message_count)
      is distinct from (counted.customer_messages, counted.agency_messages);
end
$$;
