-- Set-based row-level security, step 10: conversations' new indexes take the old names, and its policy becomes a
-- predicate on indexed columns (20261128100000_set_based_rls.sql explains the steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- Locks conversations only (access exclusive, an instant: no scan, no build).
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

drop index public.conversations_created_by_activity_idx;
alter index public.conversations_created_by_activity_idx_next rename to conversations_created_by_activity_idx;
drop index public.conversations_context_idx;
alter index public.conversations_context_idx_next rename to conversations_context_idx;

drop policy "conversations: participants read" on public.conversations;
create policy "conversations: participants read"
  on public.conversations for select
  to authenticated
  using (
    created_by = (select auth.uid())
    or (context_type = 'agency_inquiry' and context_id = any ((select private.my_agency_ids())::uuid[]))
  );
