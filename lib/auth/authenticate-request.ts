import "server-only";
import type { CookieMethodsServer } from "@supabase/ssr";
import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import type { NextRequest, NextResponse } from "next/server";
import { AppError } from "@/lib/http/app-error";
import { rememberVerified, verifiedSubject } from "@/lib/auth/verified-claims-cache";
import { isSameOrigin } from "@/lib/http/same-origin";
import { createUserClient } from "@/lib/supabase/server";
import type { UserSupabaseClient } from "@/lib/supabase/types";

type CookieToSet = Parameters<NonNullable<CookieMethodsServer["setAll"]>>[0][number];

export type AuthenticatedRequest = { supabase: UserSupabaseClient; userId: string };

/** Cookies a session refresh produced while handling a request; they must reach the browser whatever the answer. */
const refreshedCookies = new WeakMap<Request, CookieToSet[]>();

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Who is calling: an `Authorization: Bearer <access token>` (API clients, scripts) or the @supabase/ssr session
 * cookie (browsers). The JWT is verified with getClaims() (locally, from the JWKS, when tokens are asymmetric).
 * Cookie-authenticated writes must come from our own origin.
 */
export async function authenticateRequest(request: NextRequest): Promise<AuthenticatedRequest> {
  const accessToken = bearerToken(request.headers.get("authorization"));
  const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();

  if (!accessToken && UNSAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new AppError("cross_site_request", "Cross-site requests cannot use your session.");
  }

  const supabase = createUserClient(
    {
      getAll: () => (accessToken ? [] : request.cookies.getAll()),
      // A rotated refresh token is single-use: losing it (e.g. on an error answer) signs the user out later.
      setAll: (cookiesToSet) => {
        refreshedCookies.set(request, [...(refreshedCookies.get(request) ?? []), ...cookiesToSet]);
      },
    },
    { requestId, accessToken },
  );

  // A bearer token this process has verified before (until its exp) is not verified again.
  const knownUserId = accessToken ? verifiedSubject(accessToken) : null;
  if (knownUserId) return { supabase, userId: knownUserId };

  const { data, error } = await supabase.auth.getClaims(accessToken);
  if (error && isAuthRetryableFetchError(error)) {
    throw new AppError("supabase_unavailable", "Sign-in could not be checked right now. Please retry.", {
      cause: error,
    });
  }
  const userId = data?.claims.sub;
  if (!userId) throw new AppError("unauthorized", "Sign in to continue.");
  if (accessToken) rememberVerified(accessToken, data.claims);

  return { supabase, userId };
}

/** Adds the cookies a session refresh produced during `request` to its response (apiRoute does this for every answer). */
export function applyRefreshedCookies(request: Request, response: NextResponse): NextResponse {
  for (const { name, value, options } of refreshedCookies.get(request) ?? [])
    response.cookies.set(name, value, options);
  return response;
}

function bearerToken(header: string | null): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
