import "server-only";
import { directoryPage, type DirectoryPage } from "@/lib/agencies/directory-page";
import type { DirectoryPosition } from "@/lib/agencies/cursor";
import { AGENCIES_PAGE_SIZE, agenciesPageQuery, agencyBySlugQuery } from "@/lib/agencies/queries";
import { unexpected } from "@/lib/db/postgrest-error";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type AgencySummary = { id: string; name: string; slug: string; description: string };

/**
 * One page of the directory, by name then id (agencies are public: RLS lets anon read them). One read, except
 * when Previous reaches the start with fewer rows than a page before the cursor: then the first page is read
 * instead, so it is full.
 */
export async function listAgencies(
  supabase: UserSupabaseClient,
  position: DirectoryPosition = null,
  limit: number = AGENCIES_PAGE_SIZE,
): Promise<DirectoryPage<AgencySummary>> {
  const result = await agenciesPageQuery(supabase, position, limit);
  if (result.error) throw unexpected(result, "list agencies");
  if (position && "before" in position && result.data.length < limit) return listAgencies(supabase, null, limit);
  return directoryPage(result.data, limit, position);
}

/** One agency by its URL slug, or null when there is none. */
export async function getAgencyBySlug(supabase: UserSupabaseClient, slug: string): Promise<AgencySummary | null> {
  if (!isSlug(slug)) return null;
  const result = await agencyBySlugQuery(supabase, slug).maybeSingle();
  if (result.error) throw unexpected(result, "read the agency");
  return result.data;
}

/** Same rule as the agencies_slug_format check: anything else cannot exist, so it needs no query. */
function isSlug(value: string): boolean {
  return value.length <= 64 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}
