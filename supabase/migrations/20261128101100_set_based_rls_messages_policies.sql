-- Set-based row-level security, step 11: messages' policies become predicates on the audience columns, filled
-- and indexed by steps 00–08 (20261128100000_set_based_rls.sql explains the steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- Locks messages only (access exclusive, an instant: no scan, no build).
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

-- Replaced by messages_conversation_id_created_at_id_idx (step 06).
drop index public.messages_conversation_id_created_at_idx;

drop policy "messages: participants read" on public.messages;
create policy "messages: participants read"
  on public.messages for select
  to authenticated
  using (
    conversation_created_by = (select auth.uid())
    or conversation_agency_id = any ((select private.my_agency_ids())::uuid[])
  );

drop policy "messages: participants send as themselves" on public.messages;
create policy "messages: participants send as themselves"
  on public.messages for insert
  to authenticated
  with check (sender_id = (select auth.uid()) and private.is_conversation_participant(conversation_id));
-- A with-check is evaluated for the inserted row only, never to filter a table: here one primary-key lookup
-- is cheaper than building the caller's whole conversation list for every send.
