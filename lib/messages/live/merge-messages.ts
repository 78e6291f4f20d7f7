import type { ThreadMessage } from "@/lib/messages/live/thread-labels";

/**
 * The thread as shown: `shown` plus `incoming`, each message once, oldest first. A message is the same one when
 * its id or its client_message_id matches (the sender's tab knows its own message by the id it chose before the
 * server answered), so a message that arrives by broadcast, by catch-up and from the reply box shows once.
 * Returns `shown` itself when nothing is new, so React skips the re-render.
 */
export function mergeMessages(shown: readonly ThreadMessage[], incoming: readonly ThreadMessage[]): ThreadMessage[] {
  const ids = new Set(shown.map((message) => message.id));
  const clientIds = new Set(shown.map((message) => message.clientMessageId));
  const added: ThreadMessage[] = [];
  for (const message of incoming) {
    if (ids.has(message.id) || clientIds.has(message.clientMessageId)) continue;
    ids.add(message.id);
    clientIds.add(message.clientMessageId);
    added.push(message);
  }
  if (added.length === 0) return shown as ThreadMessage[];
  return [...shown, ...added].sort(compareMessages);
}

/** Thread order: (created_at, id) ascending, the order the API's cursors use. */
export function compareMessages(a: ThreadMessage, b: ThreadMessage): number {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime;
  // Same instant: microseconds the Date parse dropped, then the id.
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The `after` cursor of the newest message shown (base64url of `[created_at, id]`, as the API's cursors). */
export function cursorAfter(messages: readonly ThreadMessage[]): string | null {
  const newest = messages.at(-1);
  if (!newest) return null;
  const json = JSON.stringify([newest.createdAt, newest.id]);
  const bytes = new TextEncoder().encode(json);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
