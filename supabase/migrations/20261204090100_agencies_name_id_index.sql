-- The agency directory (/agencies) is a keyset-paginated list by (name, id): the id ends the index so agencies
-- with equal names keep one order and a page boundary is one seek. Read forwards for Next and backwards for
-- Previous. Agencies are public (the select policy is `true`), so row-level security adds no filter.
--
-- Built concurrently, so directory reads carry on while it builds. The statement must be the file's only one
-- (see 20261128100400_conversations_context_index.sql). If it fails it leaves an invalid index behind: drop it,
-- run again.
create index concurrently agencies_name_id_idx on public.agencies (name, id);
