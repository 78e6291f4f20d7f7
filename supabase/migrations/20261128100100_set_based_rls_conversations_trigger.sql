-- Set-based row-level security, step 01 (20261128100000_set_based_rls.sql explains the steps).
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- Locks conversations only (share row exclusive, for the trigger): conversation writes wait an instant.
-- Give up after 1 s waiting for a lock (the deploy fails and can be run again) rather than queue every request
-- to the table behind a long transaction.
set local lock_timeout = '1s';

-- Conversations are never re-addressed through the API (no update privilege); if an administrator does it, the
-- messages follow.
create function private.conversations_copy_audience_to_messages()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.messages m
  set conversation_created_by = new.created_by,
    conversation_agency_id = case when new.context_type = 'agency_inquiry' then new.context_id end
  where m.conversation_id = new.id;
  return null;
end;
$$;

create trigger conversations_copy_audience_to_messages
  after update of created_by, context_type, context_id on public.conversations
  for each row execute function private.conversations_copy_audience_to_messages();

revoke execute on function private.conversations_copy_audience_to_messages() from public, anon, authenticated;
