import "server-only";
import { cache } from "react";
import { createClient } from "@/lib/supabase/server";
import { verifiedClaims } from "@/lib/supabase/verified-claims";

export type CurrentUser = { id: string; email: string | null; displayName: string };

/**
 * The signed-in user for this request, from the verified JWT (getClaims checks it, locally when the keys are
 * asymmetric), or null. Cached per request, so the header and the page share one check.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const supabase = await createClient();
  const { claims } = await verifiedClaims(supabase);
  if (!claims?.sub) return null;
  const email = typeof claims.email === "string" && claims.email ? claims.email : null;
  const metadata = (claims.user_metadata ?? {}) as { display_name?: unknown };
  const displayName =
    typeof metadata.display_name === "string" && metadata.display_name.trim()
      ? metadata.display_name.trim()
      : (email ?? "Account");
  return { id: claims.sub, email, displayName };
});
