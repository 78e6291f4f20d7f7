-- Deleting a staff account deleted their replies from customers' threads (messages.sender_id ... on delete
-- cascade): a customer would lose the agency's answers. Now the replies stay, without an author
-- (sender_id null); the app shows them as "Former staff member".
--
-- A customer's own messages still go with their account: their conversations are deleted with it
-- (conversations.created_by ... on delete cascade), and their messages with those.
-- Writes are unchanged: "messages: participants send as themselves" requires sender_id = auth.uid(), so
-- no one can insert a message without an author.

alter table public.messages
  alter column sender_id drop not null,
  drop constraint messages_sender_id_fkey,
  add constraint messages_sender_id_fkey
    foreign key (sender_id) references auth.users (id) on delete set null;

comment on column public.messages.sender_id is 'Author; null once the author''s account was deleted (their replies stay in the thread).';
