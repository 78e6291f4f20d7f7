import type { AuthError, JwtPayload } from "@supabase/supabase-js";
import type { UserSupabaseClient } from "@/lib/supabase/types";

export type VerifiedClaims = { claims: JwtPayload | null; error: AuthError | null };

/**
 * getClaims() that never throws: it throws (instead of returning an error) for a token whose header is not
 * JSON or whose `alg` is not a string. Such a token proves nobody, so it reads as signed out.
 */
export async function verifiedClaims(supabase: UserSupabaseClient, accessToken?: string): Promise<VerifiedClaims> {
  try {
    const { data, error } = await supabase.auth.getClaims(accessToken);
    return { claims: data?.claims ?? null, error };
  } catch {
    return { claims: null, error: null };
  }
}
