import "server-only";
import { createServerClient, type CookieMethodsServer } from "@supabase/ssr";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { readSupabaseEnv } from "@/lib/env";
import type { Database } from "@/lib/supabase/database.types";
import { fetchWithDeadline } from "@/lib/supabase/fetch-with-deadline";
import { servedOverHttps, sessionCookieOptions } from "@/lib/supabase/session-cookies";

/**
 * A user-scoped Supabase client for one server request. Never share it between requests.
 * `requestId` goes out as `x-request-id` so the gateway can count Supabase round trips per request.
 */
export function createUserClient(
  cookieMethods: CookieMethodsServer,
  options: { requestId?: string; accessToken?: string; secure: boolean },
) {
  const env = readSupabaseEnv();
  const headers: Record<string, string> = {};
  if (options.requestId) headers["x-request-id"] = options.requestId;
  if (options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`;
  return createServerClient<Database>(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    cookies: cookieMethods,
    cookieOptions: sessionCookieOptions(options.secure),
    global: { headers, fetch: fetchWithDeadline(env.SUPABASE_REQUEST_TIMEOUT_MS) },
    // A request handler has a deadline; it answers 503 rather than wait through supabase-js' GET retries.
    db: { retry: false },
  });
}

/**
 * For Server Components and Server Actions: the session lives in the Next cookie store. One client per request
 * (React's cache is scoped to the request): the header, the layout and the page share it, instead of building a
 * client for each read.
 */
export const createClient = cache(async function createClient() {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return createUserClient(
    {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          cookiesToSet.forEach(({ name, value, options }) => cookieStore.set(name, value, options));
        } catch {
          // Called from a Server Component, which cannot set cookies; proxy.ts refreshes sessions instead.
        }
      },
    },
    // proxy.ts gives every page request an id (x-request-id); Server Actions and routes outside the proxy may not.
    { secure: servedOverHttps(requestHeaders), requestId: requestHeaders.get("x-request-id") ?? undefined },
  );
});
