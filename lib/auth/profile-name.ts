import "server-only";
import { cache } from "react";
import type { CurrentUser } from "@/lib/auth/current-user";
import { createClient } from "@/lib/supabase/server";

/**
 * The name agencies see (profiles.display_name, the one place it is kept), for the header and the account page.
 * Cached per request. Falls back to the name in the session (sign-up metadata, or the email) when the profile
 * has none or cannot be read right now: the header never fails a page.
 */
export const getProfileDisplayName = cache(async (user: CurrentUser): Promise<string> => {
  const supabase = await createClient();
  const { data, error } = await supabase.from("profiles").select("display_name").eq("id", user.id).maybeSingle();
  if (error) console.warn(`Header: could not read the profile name (${error.code ?? "no code"}).`);
  return data?.display_name ?? user.displayName;
});
