/** A request id from outside is kept only when it is a short token; anything else gets a new id. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given !== null && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
