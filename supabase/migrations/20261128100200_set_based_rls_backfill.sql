-- Set-based row-level security, step 02: the audience columns of the messages that existed before step 00's
-- trigger (20261128100000_set_based_rls.sql explains the steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- No table lock beyond row exclusive: sends (inserts) and reads carry on while it runs; new messages already get
-- the columns from the trigger. It takes time in proportion to messages (docs/database.md), and it only writes
-- rows still without an audience, so running it again is cheap.
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

update public.messages m
set conversation_created_by = c.created_by,
  conversation_agency_id = case when c.context_type = 'agency_inquiry' then c.context_id end
from public.conversations c
where c.id = m.conversation_id
  and m.conversation_created_by is null;
