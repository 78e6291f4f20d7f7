import type { RawMessage } from "@/lib/messages/live/thread-labels";
import { api } from "@/lib/paths";

export type CatchUpResult = { status: "ok"; messages: RawMessage[] } | { status: "gone" | "failed" };

/** Never more pages than this in one catch-up (100 each); the next trigger continues from the newest. */
const MAX_PAGES = 10;

/**
 * Everything stored after `after` (a message cursor; null: the newest page), oldest first, following `next`
 * until the newest message: the database's answer to "what did the broadcast not bring?". "gone" when the
 * caller may no longer read the conversation or was signed out (401/403/404): there is nothing to retry.
 */
export async function fetchMessagesAfter(conversationId: string, after: string | null): Promise<CatchUpResult> {
  const messages: RawMessage[] = [];
  let cursor = after;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: "100" });
    if (cursor) query.set("after", cursor);
    let response: Response;
    try {
      response = await fetch(`${api.messages(conversationId)}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return { status: "failed" };
    }
    if ([401, 403, 404].includes(response.status)) return { status: "gone" };
    if (!response.ok) return { status: "failed" };
    const json = (await response.json().catch(() => null)) as { data?: RawMessage[]; next?: string | null } | null;
    if (!json?.data) return { status: "failed" };
    messages.push(...json.data);
    // Without a cursor the API pages backwards from the newest: that one page is all a catch-up needs.
    if (!cursor || !json.next) break;
    cursor = json.next;
  }
  return { status: "ok", messages };
}
