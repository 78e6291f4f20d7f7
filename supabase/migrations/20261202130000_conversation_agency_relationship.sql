-- The agency an inquiry is addressed to, as a to-one relationship PostgREST can embed
-- (`conversations?select=…,agency(name,slug)`), so a page of conversations and their agencies is one request
-- instead of two. `context_id` cannot carry a foreign key (its meaning depends on `context_type`), which is why
-- this is a computed relationship: a function taking the row and returning `setof agencies` with `rows 1`.
--
-- Written to be inlined into the caller's query (language sql, stable, invoker rights, no SET clause): the
-- planner then joins agencies_pkey directly, and the agencies' own row-level security still applies. A SET
-- search_path would stop the inlining, so every name is schema-qualified instead.
create function public.agency(conversation public.conversations)
returns setof public.agencies
rows 1
language sql
stable
as $$
  select agencies.*
  from public.agencies
  where agencies.id = conversation.context_id
    and conversation.context_type = 'agency_inquiry'
$$;

comment on function public.agency(public.conversations) is
  'The agency an agency_inquiry is addressed to (PostgREST computed relationship: select=…,agency(…)).';
