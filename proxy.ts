import type { NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";
import { requestIdOf } from "@/lib/http/request-id";
import { updateSession } from "@/lib/supabase/proxy";
import { servedOverHttps } from "@/lib/supabase/session-cookies";

export async function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), {
    dev: process.env.NODE_ENV === "development",
    https: servedOverHttps(request.headers, request.url),
    supabaseUrl: process.env.NEXT_PUBLIC_SUPABASE_URL,
  });
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  // One id for the whole render: the proxy's session check and every Supabase call of the page send it, so the
  // gateway can count a page's round trips (lib/supabase/server.ts reads it back).
  requestHeaders.set("x-request-id", requestIdOf(request));
  const response = await updateSession(request, requestHeaders);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Every page gets the CSP, whatever its path looks like (/agencies/x.png is a page: the 404). Skipped, by exact
  // path: Next.js's own static files and images, the app's icon, and the API routes, which authenticate each
  // request themselves and return refreshed cookies with their answer (lib/http/api-route.ts).
  matcher: ["/((?!api/|_next/static/|_next/image$|favicon\\.ico$|icon\\.svg$).*)"],
};
