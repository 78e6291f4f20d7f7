import type { NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";
import { updateSession } from "@/lib/supabase/proxy";
import { servedOverHttps } from "@/lib/supabase/session-cookies";

export async function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), {
    dev: process.env.NODE_ENV === "development",
    https: servedOverHttps(request.headers, request.url),
  });
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = await updateSession(request, requestHeaders);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // API routes authenticate each request themselves and return refreshed cookies with their answer
  // (lib/http/api-route.ts), so the proxy skips them instead of verifying the session twice.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp)$).*)"],
};
