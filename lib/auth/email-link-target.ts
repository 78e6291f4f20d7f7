import "server-only";
import { requestOrigin } from "@/lib/auth/request-origin";

/**
 * The `redirectTo` of a mail Supabase Auth sends: the absolute URL of the page to land on once the link is
 * verified. The email templates put it in the link to /auth/confirm as `next`, which accepts it only on this
 * site (and Auth only sends it if it is the site URL or an allowed redirect URL).
 */
export async function emailLinkTarget(nextPath: string): Promise<string> {
  return new URL(nextPath, await requestOrigin()).toString();
}
