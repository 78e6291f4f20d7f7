import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type AgencySummary = { id: string; name: string; slug: string; description: string };

/** Every agency, by name. Agencies are public (RLS lets anon read them). */
export async function listAgencies(supabase: UserSupabaseClient): Promise<AgencySummary[]> {
  const result = await supabase.from("agencies").select("id, name, slug, description").order("name");
  if (result.error) throw unexpected(result, "list agencies");
  return result.data;
}

/** One agency by its URL slug, or null when there is none. */
export async function getAgencyBySlug(supabase: UserSupabaseClient, slug: string): Promise<AgencySummary | null> {
  if (!isSlug(slug)) return null;
  const result = await supabase.from("agencies").select("id, name, slug, description").eq("slug", slug).maybeSingle();
  if (result.error) throw unexpected(result, "read the agency");
  return result.data;
}

/** Same rule as the agencies_slug_format check: anything else cannot exist, so it needs no query. */
function isSlug(value: string): boolean {
  return value.length <= 64 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}
