/**
 * A draft kept across a sign-in redirect: the text and its client_message_id (so a send that did reach the
 * server before the 401 is not stored twice). sessionStorage: per tab, gone when the tab closes.
 * One draft per place a message is written: the compose dialog of an agency, or the reply box of a thread.
 */
export type DraftKey = `agency:${string}` | `reply:${string}`;
export type Draft = { key: DraftKey; text: string; clientMessageId: string; savedAt: number };

export const agencyDraftKey = (agencyId: string): DraftKey => `agency:${agencyId}`;
export const replyDraftKey = (conversationId: string): DraftKey => `reply:${conversationId}`;

const PREFIX = "agency-messages:draft:";
/** A draft older than this is stale (the user wandered off); it is dropped instead of restored. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled (privacy settings): drafts are simply not kept
  }
}

export function saveDraft(draft: Omit<Draft, "savedAt">, now = Date.now()): void {
  try {
    storage()?.setItem(PREFIX + draft.key, JSON.stringify({ ...draft, savedAt: now }));
  } catch {
    // quota exceeded: nothing we can do, the redirect still happens
  }
}

export function loadDraft(key: DraftKey, now = Date.now()): Draft | null {
  const store = storage();
  const raw = store?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft>;
    const valid =
      value.key === key &&
      typeof value.text === "string" &&
      typeof value.clientMessageId === "string" &&
      UUID.test(value.clientMessageId) &&
      typeof value.savedAt === "number" &&
      now - value.savedAt < MAX_AGE_MS;
    if (valid) return value as Draft;
  } catch {
    // not ours or corrupted
  }
  store?.removeItem(PREFIX + key);
  return null;
}

export function clearDraft(key: DraftKey): void {
  storage()?.removeItem(PREFIX + key);
}
