// Where an email link may lead (GoTrue's IsRedirectURLValid / GetReferrer): back to site_url's host, to a
// loopback address, or to a URL matching one of additional_redirect_urls; anything else becomes site_url.
import type { IncomingMessage } from "node:http";
import type { AuthConfig } from "./config.ts";

const REGULAR_HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[");
}

/** additional_redirect_urls entries are globs: `**` matches anything, `*` anything but `.` and `/`. */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (ch === "*") source += "[^./]*";
    else if (ch === "?") source += "[^./]";
    else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * The host as written (WHATWG URL parsing would turn `2130706433` or `0x7f.1` into 127.0.0.1, which Go's
 * url.Parse, and so GoTrue, does not).
 */
function writtenHostname(target: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(target)?.[1];
  if (authority === undefined) return null;
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase();
  return host.replace(/:\d*$/, "").toLowerCase();
}

export function isRedirectAllowed(
  config: Pick<AuthConfig, "siteUrl" | "additionalRedirectUrls">,
  target: string,
): boolean {
  if (target === "") return false;
  let base: URL;
  let ref: URL;
  try {
    base = new URL(config.siteUrl);
    ref = new URL(target);
  } catch {
    return false;
  }
  const hostname = writtenHostname(target) ?? "";
  if (
    base.hostname === hostname &&
    base.protocol === ref.protocol &&
    (base.port === ref.port || isLoopbackHost(hostname))
  )
    return true;
  const isHttp = ref.protocol === "http:" || ref.protocol === "https:";
  if (/^[0-9]+$/.test(hostname)) return false;
  if (isIpLiteral(hostname)) return isLoopbackHost(hostname);
  if (isHttp && !REGULAR_HOSTNAME.test(hostname)) return false;
  const withoutFragment = target.split("#")[0] ?? "";
  return config.additionalRedirectUrls.some((pattern) => globToRegExp(pattern).test(withoutFragment));
}

/** The redirect a request asks for (`redirect_to` query or header, else Referer) if allowed, else site_url. */
export function requestedRedirect(config: AuthConfig, req: IncomingMessage, url: URL): string {
  const header = req.headers["redirect_to"];
  const asked = (typeof header === "string" && header) || url.searchParams.get("redirect_to") || "";
  if (isRedirectAllowed(config, asked)) return asked;
  const referer = req.headers.referer ?? "";
  if (isRedirectAllowed(config, referer)) return referer;
  return config.siteUrl;
}
