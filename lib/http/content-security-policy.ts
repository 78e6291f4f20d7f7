/**
 * The Content-Security-Policy of every page. Scripts run only with this request's nonce (Next.js puts it on its
 * own scripts when it finds it in the request's CSP header) and what those scripts load ('strict-dynamic'); no
 * inline script without it. Inline style attributes are allowed (React's `style={…}`), nothing can frame us.
 * `unsafe-eval` only in development, where React uses eval for its error overlays. The browser opens one
 * connection elsewhere: Supabase Realtime's websocket, so connect-src allows ws:/wss: to the Supabase origin
 * (and nothing else there: the browser never calls Supabase over http).
 */
export function contentSecurityPolicy(
  nonce: string,
  options: { dev: boolean; https: boolean; supabaseUrl?: string },
): string {
  const realtime = options.supabaseUrl ? ` ${realtimeOrigin(options.supabaseUrl)}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${realtime}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A fresh nonce per page request: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The websocket origin of a Supabase project URL: wss:// for https://, ws:// for http://. */
export function realtimeOrigin(supabaseUrl: string): string {
  const url = new URL(supabaseUrl);
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
}
