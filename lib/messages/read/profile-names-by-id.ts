import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { profilesByIdQuery } from "@/lib/messages/queries";
import type { UserSupabaseClient } from "@/lib/supabase/types";

/**
 * Display names of the given users that the viewer may see (conversation partners and colleagues), by id. No
 * ids, no round trip. `what` names the people in the error ("the customers' names").
 */
export async function profileNamesById(
  supabase: UserSupabaseClient,
  ids: string[],
  what: string,
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const profiles = await profilesByIdQuery(supabase, ids);
  if (profiles.error) throw unexpected(profiles, `read ${what}`);
  return new Map(profiles.data.map((profile) => [profile.id, profile.display_name]));
}
