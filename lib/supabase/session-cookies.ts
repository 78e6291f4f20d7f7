import type { CookieOptionsWithName } from "@supabase/ssr";

/**
 * Options of the session cookies (they hold the refresh token). Nothing in the browser reads them: HttpOnly.
 * SameSite=Lax keeps them off cross-site subrequests and POSTs; Secure whenever the app is served over https
 * (not on http://localhost, where a Secure cookie would be dropped).
 */
export function sessionCookieOptions(secure: boolean): CookieOptionsWithName {
  return { path: "/", sameSite: "lax", httpOnly: true, secure };
}

/**
 * Whether the browser reached us over https: the URL Next.js built for the request, or the scheme the
 * TLS-terminating proxy in front of it reports (`x-forwarded-proto`, first hop).
 */
export function servedOverHttps(headers: Headers, url?: string | URL): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return url !== undefined && new URL(url).protocol === "https:";
}
