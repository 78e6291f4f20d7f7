import { NextResponse, type NextRequest } from "next/server";
import { createUserClient } from "@/lib/supabase/server";

/** Refreshes the session cookie on every matched request (Next 16 proxy, formerly middleware). */
export async function updateSession(request: NextRequest) {
  let response = NextResponse.next({ request });

  const supabase = createUserClient({
    getAll() {
      return request.cookies.getAll();
    },
    setAll(cookiesToSet, headers) {
      cookiesToSet.forEach(({ name, value }) => request.cookies.set(name, value));
      response = NextResponse.next({ request });
      cookiesToSet.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
      Object.entries(headers).forEach(([key, value]) => response.headers.set(key, value));
    },
  });

  // Do not run code between createServerClient and getClaims(): the refresh must happen first,
  // or users get signed out at random.
  await supabase.auth.getClaims();

  // Return this response as it is: it carries the refreshed cookies.
  return response;
}
