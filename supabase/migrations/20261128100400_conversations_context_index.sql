-- Set-based row-level security, step 04: an index for the new policies' query shapes
-- (20261128100000_set_based_rls.sql explains the steps). Keyset pagination orders by activity (or time) and then
-- by id, so equal timestamps still have one order; the id ends each index so a page boundary is one seek.
-- Fixed in place (no deploy of this schema exists yet): split out of 20261128100000_set_based_rls.sql.
--
-- The agency's inbox (context_type = 'agency_inquiry' and context_id = one of my agencies), newest first.
-- created_by is included so "customers who wrote to my agency" (my_partner_ids) is an index-only scan. Built under
-- a new name; step 10 replaces the old index of this shape with it.
--
-- Built concurrently, so sends and reads carry on while it builds (share update exclusive: it waits for earlier
-- writers, blocks no one but other schema changes of the table). The statement must be the file's only one: it
-- cannot run in a transaction (the Supabase CLI runs it outside the file's transaction; a runner that sends the
-- file as one query string needs it alone). If it fails it leaves an invalid index behind: drop it, run again.
create index concurrently conversations_context_idx_next
  on public.conversations (context_type, context_id, last_message_at desc nulls last, created_at desc, id desc)
  include (created_by);
