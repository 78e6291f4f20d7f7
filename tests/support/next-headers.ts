// next/headers for unit tests of server actions and route handlers: `vi.mock("next/headers", () =>
// import("@/tests/support/next-headers"))`. One request's cookie jar and headers, which a test sets and reads.
type Cookie = { name: string; value: string };

export const request = {
  cookies: new Map<string, string>(),
  headers: new Headers(),
};

/** A fresh request from `origin`, with the given `name=value; …` cookie header (a session, say). */
export function newRequest(origin: string, cookieHeader = "") {
  request.cookies.clear();
  for (const pair of cookieHeader.split(/;\s*/).filter(Boolean)) {
    const at = pair.indexOf("=");
    request.cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  request.headers = new Headers({ origin, host: new URL(origin).host });
}

export async function cookies() {
  return {
    getAll: (): Cookie[] => [...request.cookies].map(([name, value]) => ({ name, value })),
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => {
      if (value === "") request.cookies.delete(name);
      else request.cookies.set(name, value);
    },
  };
}

export async function headers() {
  return request.headers;
}
