-- Deleting a staff account deleted their replies from customers' threads (messages.sender_id ... on delete
-- cascade): a customer would lose the agency's answers. Now the replies stay, without an author
-- (sender_id null); the app shows them as "Former staff member".
--
-- A customer's own messages still go with their account: their conversations are deleted with it
-- (conversations.created_by ... on delete cascade), and their messages with those.
-- Writes are unchanged: "messages: participants send as themselves" requires sender_id = auth.uid(), so
-- no one can insert a message without an author.
--
-- Fixed in place (no deploy of this schema exists yet): the new foreign key used to be validated here, a scan
-- of messages while this file held messages in access exclusive mode (no send, no read of messages). It is added
-- `not valid` (instant: every new row is checked from now on) and validated by the next file,
-- 20261128120200_validate_messages_sender_fkey.sql, which blocks neither sends nor reads.
-- Give up after 1 s waiting for the lock (the deploy fails and can be run again) rather than queue every send
-- and read behind a long transaction.
set local lock_timeout = '1s';

alter table public.messages
  alter column sender_id drop not null,
  drop constraint messages_sender_id_fkey,
  add constraint messages_sender_id_fkey
    foreign key (sender_id) references auth.users (id) on delete set null not valid;

comment on column public.messages.sender_id is 'Author; null once the author''s account was deleted (their replies stay in the thread).';
