import "server-only";
import { headers } from "next/headers";

/**
 * The origin this request was made to, for links in emails (Supabase Auth refuses a redirect that is not its
 * site URL or an allowed one, so a forged Host cannot send mail pointing elsewhere). A server action's Origin
 * header is checked against Host by Next.js; a page request falls back to Host.
 */
export async function requestOrigin(): Promise<string> {
  const requestHeaders = await headers();
  const origin = requestHeaders.get("origin");
  if (origin && origin !== "null") return origin;
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "127.0.0.1:3000";
  const proto = requestHeaders.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
