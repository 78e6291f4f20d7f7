import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { isAuthUnavailable } from "@/lib/auth/auth-error-message";
import { parseConfirmLink } from "@/lib/auth/confirm-link";
import { createClient } from "@/lib/supabase/server";
import { paths } from "@/lib/paths";

/**
 * Where the links in Auth's mails land (token_hash and type, as the email templates build them): verifies the
 * link, which signs the person in (the session cookies go out with this answer), then goes on to `next`. A link
 * that is incomplete, expired or already used goes to a page that says so and offers a new one.
 */
export async function GET(request: NextRequest) {
  // The Host header, not request.url's host: Next.js reads 127.0.0.1 there as localhost.
  const link = parseConfirmLink(request.nextUrl, request.headers.get("host") ?? "");
  if (!link.ok) redirect(paths.authLinkError({ type: link.type, next: link.next }));

  const supabase = await createClient();
  const { error } = await supabase.auth.verifyOtp({ type: link.type, token_hash: link.tokenHash });
  if (error) {
    const reason = isAuthUnavailable(error) ? "unavailable" : undefined;
    redirect(paths.authLinkError({ type: link.type, next: link.next, reason }));
  }
  redirect(link.next);
}
