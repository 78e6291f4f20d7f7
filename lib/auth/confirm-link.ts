import { z } from "zod";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { paths } from "@/lib/paths";

/** The email-link types verifyOtp accepts with a token_hash (supabase-js' EmailOtpType). */
export const EMAIL_LINK_TYPES = ["signup", "invite", "magiclink", "recovery", "email_change", "email"] as const;
export type EmailLinkType = (typeof EMAIL_LINK_TYPES)[number];

/**
 * `next` from an email link: a path on this site, or an absolute http(s) URL on this site's `host` (the templates
 * pass Auth's RedirectTo, which is absolute). Anything else, another host included, becomes the fallback.
 */
export function linkNextPath(value: unknown, host: string, fallback = "/"): string {
  if (typeof value !== "string") return fallback;
  if (value.startsWith("/")) return safeNextPath(value, fallback);
  try {
    const url = new URL(value);
    if (url.host !== host || (url.protocol !== "http:" && url.protocol !== "https:")) return fallback;
    return safeNextPath(url.pathname + url.search + url.hash, fallback);
  } catch {
    return fallback;
  }
}

/**
 * /auth/confirm's query: what verifyOtp needs, and where to go afterwards. `host` is the request's Host header
 * (the one the link was opened on).
 */
export function parseConfirmLink(url: URL, host: string) {
  const query = url.searchParams;
  const type = z.enum(EMAIL_LINK_TYPES).safeParse(query.get("type"));
  const tokenHash = z.string().min(1).max(1024).safeParse(query.get("token_hash"));
  const linkType = type.success ? type.data : undefined;
  // A reset link goes on to the page that sets the new password, whatever it says.
  const next = linkType === "recovery" ? paths.updatePassword() : linkNextPath(query.get("next"), host, paths.home());
  if (!type.success || !tokenHash.success) return { ok: false as const, type: linkType, next };
  return { ok: true as const, type: type.data, tokenHash: tokenHash.data, next };
}
