-- One page of the inquiries addressed to an agency, read in index order whatever the agency's size.
--
-- Before: `GET /api/messages/conversations` read an agency's page from the table, `context_id = <agency>` under the
-- conversations policy (`context_id = any (my agencies)`). The planner multiplies the two selectivities as if they
-- were independent, expects a couple of hundred rows, and at 2M conversations chose a bitmap of all 200,000 of a
-- large agency's inquiries and a sort (6.5–9 s) over the ordered scan of conversations_context_idx that stops
-- after the page (docs/database.md, "The API's agency list").
--
-- After: `public.agency_conversations_page` checks once that the caller is staff of the agency, then reads the
-- page with no policy to misestimate. The cursor is the last row of the previous page, with the meaning of
-- conversationsAfter in lib/messages/cursor.ts: rows strictly after it in (last_message_at desc nulls last,
-- created_at desc, id desc); no cursor (before_created_at null) is the first page.
create function public.agency_conversations_page(
  agency_id uuid,
  page_size integer,
  before_last_message_at timestamptz default null,
  before_created_at timestamptz default null,
  before_id uuid default null
)
returns setof public.conversations
language sql
stable
security definer
set search_path = ''
as $$
  select c.*
  from public.conversations c
  where c.context_type = 'agency_inquiry'
    and c.context_id = agency_conversations_page.agency_id
    -- uncorrelated: checked once (a one-time filter), never per row
    and exists (
      select 1
      from public.agency_members am
      where am.agency_id = agency_conversations_page.agency_id and am.user_id = (select auth.uid())
    )
    and (
      before_created_at is null
      or (
        before_last_message_at is null
        and c.last_message_at is null
        and (c.created_at, c.id) < (before_created_at, before_id)
      )
      or (
        before_last_message_at is not null
        and (
          c.last_message_at < before_last_message_at
          or c.last_message_at is null
          or (c.last_message_at = before_last_message_at and (c.created_at, c.id) < (before_created_at, before_id))
        )
      )
    )
  order by c.last_message_at desc nulls last, c.created_at desc, c.id desc
  -- the API's largest page and its one extra row
  limit greatest(least(page_size, 101), 0);
$$;

comment on function public.agency_conversations_page(uuid, integer, timestamptz, timestamptz, uuid) is 'One page (at most 101 rows) of the inquiries addressed to an agency, newest activity first, after an optional cursor (the previous page''s last row); empty unless the calling user is staff of the agency.';

revoke execute on function public.agency_conversations_page(uuid, integer, timestamptz, timestamptz, uuid)
  from public, anon;
grant execute on function public.agency_conversations_page(uuid, integer, timestamptz, timestamptz, uuid)
  to authenticated, service_role;
