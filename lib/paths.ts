/**
 * Every URL of the app, built in one place: pages and the same-origin API. Each segment taken from a value is
 * URL-encoded; `login({ next })` carries the path to come back to after signing in.
 */
const segment = encodeURIComponent;

export const paths = {
  home: () => "/",
  /** The directory; `after` / `before` (a cursor from a page's links) name the page after or before one. */
  agencies: (page: { after?: string; before?: string } = {}) => withQuery("/agencies", page),
  agency: (slug: string) => `/agencies/${segment(slug)}`,
  inbox: () => "/messages",
  thread: (conversationId: string) => `/messages/conversations/${segment(conversationId)}`,
  login: ({ next }: { next?: string } = {}) => withNext("/login", next),
  signup: ({ next }: { next?: string } = {}) => withNext("/signup", next),
  forgotPassword: () => "/forgot-password",
  updatePassword: () => "/update-password",
  /** `updated: "password"` makes the page say that the new password is set. */
  account: ({ updated }: { updated?: "password" } = {}) => (updated ? `/account?updated=${updated}` : "/account"),
  /** Where an email link lands (token_hash + type): verifies it, signs in and goes on to `next`. */
  authConfirm: () => "/auth/confirm",
  /** An email link that did not work (expired, used): says so and offers a new one. */
  authLinkError: (query: { type?: string; next?: string; reason?: "unavailable" } = {}) =>
    withQuery("/auth/error", query),
};

/** `path?name=value…` for the values given, or `path` alone. */
function withQuery(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, value);
  return search.size ? `${path}?${search.toString()}` : path;
}

/** `path?next=…`, or `path` alone when there is no next (or it is the home page, the default anyway). */
function withNext(path: string, next: string | undefined): string {
  return next === undefined || next === "/" ? path : `${path}?next=${segment(next)}`;
}

export const api = {
  /** The caller's conversations (GET, with filters as query parameters) or a new one (POST). */
  conversations: (query?: Record<string, string>) => {
    const search = query ? new URLSearchParams(query).toString() : "";
    return search ? `/api/messages/conversations?${search}` : "/api/messages/conversations";
  },
  conversation: (conversationId: string) => `/api/messages/conversations/${segment(conversationId)}`,
  messages: (conversationId: string) => `/api/messages/conversations/${segment(conversationId)}/messages`,
  /** Marks the conversation read for the caller (PUT). */
  conversationRead: (conversationId: string) => `/api/messages/conversations/${segment(conversationId)}/read`,
  health: () => "/api/health",
};
