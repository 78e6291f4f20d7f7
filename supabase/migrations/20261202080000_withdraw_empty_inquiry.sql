-- A conversation exists only together with its first message. The POST creates the conversation, then appends
-- the message; when that append is refused (the client_message_id is already used for another message, say), the
-- request withdraws the conversation it has just created instead of leaving an empty inquiry, carrying the
-- customer's name, in the agency's inbox. The policy allows exactly that: a customer deletes their own conversation
-- while it has no message. A message being stored at the same moment holds the row (its foreign-key check), so the
-- delete waits, then sees last_message_at set and deletes nothing.
set local lock_timeout = '1s';

grant delete on table public.conversations to authenticated;

create policy "conversations: customers withdraw their own while empty"
  on public.conversations for delete to authenticated
  using (created_by = (select auth.uid()) and last_message_at is null);
