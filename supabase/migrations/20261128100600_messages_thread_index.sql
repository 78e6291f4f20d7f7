-- Set-based row-level security, step 06: an index for the new policies' query shapes
-- (20261128100000_set_based_rls.sql explains the steps). Keyset pagination orders by activity (or time) and then
-- by id, so equal timestamps still have one order; the id ends each index so a page boundary is one seek.
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- A thread's page (newest first, read backwards for oldest first). Step 11 drops the index it replaces.
--
-- Built concurrently, so sends and reads carry on while it builds (share update exclusive: it waits for earlier
-- writers, blocks no one but other schema changes of the table). The statement must be the file's only one: it
-- cannot run in a transaction (the Supabase CLI runs it outside the file's transaction; a runner that sends the
-- file as one query string needs it alone). If it fails it leaves an invalid index behind: drop it, run again.
create index concurrently messages_conversation_id_created_at_id_idx
  on public.messages (conversation_id, created_at desc, id desc);
