import { NextResponse, type NextRequest } from "next/server";
import { createUserClient } from "@/lib/supabase/server";
import { servedOverHttps } from "@/lib/supabase/session-cookies";
import { verifiedClaims } from "@/lib/supabase/verified-claims";

/**
 * Refreshes the session cookie on every matched request (Next 16 proxy, formerly middleware). `requestHeaders`
 * are the headers the page will see (the request's own, plus any the proxy added, such as the CSP nonce).
 */
export async function updateSession(request: NextRequest, requestHeaders: Headers = request.headers) {
  let response = NextResponse.next({ request: { headers: requestHeaders } });

  const supabase = createUserClient(
    {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        cookiesToSet.forEach(({ name, value }) => request.cookies.set(name, value));
        // The page rendered after this proxy must see the refreshed session too.
        requestHeaders.set("cookie", request.headers.get("cookie") ?? "");
        response = NextResponse.next({ request: { headers: requestHeaders } });
        cookiesToSet.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
        Object.entries(headers).forEach(([key, value]) => response.headers.set(key, value));
      },
    },
    {
      secure: servedOverHttps(request.headers, request.url),
      requestId: requestHeaders.get("x-request-id") ?? undefined,
    },
  );

  // Do not run code between createServerClient and getClaims(): the refresh must happen first,
  // or users get signed out at random.
  await verifiedClaims(supabase);

  // Return this response as it is: it carries the refreshed cookies.
  return response;
}
