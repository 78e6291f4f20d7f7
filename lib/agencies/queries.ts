import { agenciesBeyond, type DirectoryPosition } from "@/lib/agencies/cursor";
import type { UserSupabaseClient } from "@/lib/supabase/types";

// The PostgREST requests of the agency pages, built in one place so the plan tests (tests/plans) explain exactly
// these. Agencies are public: row-level security lets everyone read every row, so each request is an index
// range (agencies_name_id_idx for the directory, agencies_slug_key for one agency).

export const AGENCIES_PAGE_SIZE = 24;

const AGENCY_COLUMNS = "id, name, slug, description";

/**
 * A directory page, and one row more that only tells whether another page follows. Read forwards from the start
 * or after a cursor; read backwards (name desc, id desc) before a cursor, so the scan also stops after the page.
 */
export function agenciesPageQuery(supabase: UserSupabaseClient, position: DirectoryPosition, limit: number) {
  const backwards = position !== null && "before" in position;
  let query = supabase.from("agencies").select(AGENCY_COLUMNS);
  if (position) {
    const beyond =
      "after" in position ? agenciesBeyond(position.after, "after") : agenciesBeyond(position.before, "before");
    query = (beyond.bound === "gte" ? query.gte("name", beyond.name) : query.lte("name", beyond.name)).or(beyond.or);
  }
  return query
    .order("name", { ascending: !backwards })
    .order("id", { ascending: !backwards })
    .limit(limit + 1);
}

/** One agency by its URL slug. */
export function agencyBySlugQuery(supabase: UserSupabaseClient, slug: string) {
  return supabase.from("agencies").select(AGENCY_COLUMNS).eq("slug", slug);
}
