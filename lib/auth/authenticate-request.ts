import "server-only";
import type { CookieMethodsServer } from "@supabase/ssr";
import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import { AppError } from "@/lib/errors/app-error";
import { rememberVerified, verifiedSubject } from "@/lib/auth/verified-claims-cache";
import { createUserClient } from "@/lib/supabase/server";
import type { UserSupabaseClient } from "@/lib/supabase/types";
import { verifiedClaims } from "@/lib/supabase/verified-claims";

export type AuthenticatedUser = { id: string };
export type Authenticated = { supabase: UserSupabaseClient; user: AuthenticatedUser };

type AuthenticateOptions = {
  /** The request's cookie store; the caller applies whatever setAll() receives to its answer. */
  cookies: CookieMethodsServer;
  requestId: string;
  /** Served over https: session cookies get `Secure`. */
  secure: boolean;
};

/**
 * Who is calling: an `Authorization: Bearer <access token>` (API clients, scripts) or the @supabase/ssr session
 * cookie (browsers). The JWT is verified with getClaims() (locally, from the JWKS, when tokens are asymmetric).
 */
export async function authenticateRequest(request: Request, options: AuthenticateOptions): Promise<Authenticated> {
  const accessToken = bearerToken(request);
  const supabase = createUserClient(
    // With a bearer token the cookies are not read (nor refreshed): the token alone decides.
    accessToken ? { getAll: () => [], setAll: () => {} } : options.cookies,
    { requestId: options.requestId, accessToken, secure: options.secure },
  );

  // A bearer token this process has verified before (until its exp) is not verified again.
  const knownUserId = accessToken ? verifiedSubject(accessToken) : null;
  if (knownUserId) return { supabase, user: { id: knownUserId } };

  const { claims, error } = await verifiedClaims(supabase, accessToken);
  if (error && isAuthRetryableFetchError(error)) {
    throw new AppError("supabase_unavailable", "Sign-in could not be checked right now. Please retry.", {
      cause: error,
    });
  }
  const userId = claims?.sub;
  if (!userId) throw new AppError("unauthorized", "Sign in to continue.");
  if (accessToken && claims) rememberVerified(accessToken, claims);
  return { supabase, user: { id: userId } };
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(request: Request): string | undefined {
  return request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
}
