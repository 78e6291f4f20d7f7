-- A send checked its author twice over: the insert policy called private.is_conversation_participant() (a
-- security definer function: a lookup of the conversation plus the caller's agencies), right after the
-- messages_copy_conversation_audience trigger had read the same conversation row to fill in the message's
-- audience columns. Row-level security checks an insert's WITH CHECK after the BEFORE ROW triggers, so the
-- check can read those columns instead: the same predicate as the select policy, with no function call per
-- send. On PostgreSQL 15 this took one message insert statement from about 1.0 to 0.7 ms of CPU
-- (docs/benchmark.md).
--
-- Same rule as before: the author is the caller, and the caller takes part in the conversation (started it,
-- or is staff of the agency it is addressed to). The trigger overwrites both columns from the conversation
-- row, whatever the client sent (clients have no column grant on them either), and a conversation id that
-- does not exist leaves them null, which fails the check (42501), as the function call did.

-- Replacing the policy locks messages (access exclusive) for an instant; every send queues behind the migration
-- while it waits for that lock. Give up after 1 s (the deploy fails and can be retried) rather than hold sends
-- behind a long transaction (1 s, as every migration here: docs/database.md, "Deploying at scale"; it was 5 s).
set local lock_timeout = '1s';

drop policy "messages: participants send as themselves" on public.messages;
create policy "messages: participants send as themselves"
  on public.messages for insert
  to authenticated
  with check (
    sender_id = (select auth.uid())
    and (
      conversation_created_by = (select auth.uid())
      or conversation_agency_id = any ((select private.my_agency_ids())::uuid[])
    )
  );

-- That policy was its only user.
drop function private.is_conversation_participant(uuid);
