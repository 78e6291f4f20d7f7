-- Validates messages_sender_id_fkey, added `not valid` by 20261128120100_keep_replies_of_deleted_staff.sql (split
-- out of it in place; no deploy of this schema exists yet). Every existing message already had an author that
-- exists (the old key was the same reference), so this only proves it: one scan of messages, under share update
-- exclusive on messages and row share on auth.users, which block neither sends nor reads.
set local lock_timeout = '1s';

alter table public.messages validate constraint messages_sender_id_fkey;
