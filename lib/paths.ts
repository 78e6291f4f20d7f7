/**
 * Every URL of the app, built in one place: pages and the same-origin API. Each segment taken from a value is
 * URL-encoded; `login({ next })` carries the path to come back to after signing in.
 */
const segment = encodeURIComponent;

export const paths = {
  home: () => "/",
  agencies: () => "/agencies",
  agency: (slug: string) => `/agencies/${segment(slug)}`,
  inbox: () => "/messages",
  thread: (conversationId: string) => `/messages/conversations/${segment(conversationId)}`,
  login: ({ next }: { next?: string } = {}) => (next === undefined ? "/login" : `/login?next=${segment(next)}`),
};

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
