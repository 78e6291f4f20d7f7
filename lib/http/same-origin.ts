/**
 * True unless the browser says the request comes from another site. Browsers send `Origin` on every POST;
 * clients that send none (curl, server code) are not browsers riding on a victim's cookie.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return request.headers.get("sec-fetch-site") !== "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
