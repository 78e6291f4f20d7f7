-- Set-based row-level security, step 13: profiles' policy (20261128100000_set_based_rls.sql explains the steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- Locks profiles only (access exclusive, an instant).
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

drop policy "profiles: conversation partners read each other" on public.profiles;
create policy "profiles: conversation partners read each other"
  on public.profiles for select
  to authenticated
  using (id = any ((select private.my_partner_ids())::uuid[]));

-- Already there and used as they are: profiles_pkey (profiles of partners: id = any(array)),
-- agency_members_pkey (agency_id, user_id) and agency_members_user_id_idx (my agencies, colleagues),
-- unique_agency_user_conversation (the inserts' arbiter) and messages_sender_client_message_id_key (the
-- POST's find of a replayed send).
