-- Set-based row-level security, step 12: agency_members' policy (20261128100000_set_based_rls.sql explains the
-- steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- Locks agency_members only (access exclusive, an instant).
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

drop policy "agency_members: members read their agency's members" on public.agency_members;
create policy "agency_members: members read their agency's members"
  on public.agency_members for select
  to authenticated
  using (user_id = (select auth.uid()) or agency_id = any ((select private.my_agency_ids())::uuid[]));
