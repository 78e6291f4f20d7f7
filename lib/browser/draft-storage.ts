/**
 * The outbox: what the user typed, with the client_message_id it is (or will be) sent with, kept in
 * localStorage so it survives a reload, a closed tab, a crash and going offline. Restored with the same id, a
 * send that did reach the server is replayed by it (stored once), never stored twice.
 *
 * One draft per user and place (the compose dialog of an agency, the reply box of a thread): another account
 * signing in on the same browser never sees it. A draft written while signed out (a session that had expired)
 * is taken over by the next account that opens the same place, if that happens soon (the sign-in that the 401
 * led to); later, on a shared browser, it could be someone else, so it is dropped instead, and no signed-out
 * visitor is offered it either. Signing out removes the user's drafts from the browser (clearDraftsOf).
 */
export type DraftPlace = `agency:${string}` | `reply:${string}`;
export type DraftKey = `${string}/${DraftPlace}`;
export type Draft = { key: DraftKey; text: string; clientMessageId: string; savedAt: number };

const SIGNED_OUT = "signed-out";

export const agencyDraftKey = (userId: string | null, agencyId: string): DraftKey =>
  `${userId ?? SIGNED_OUT}/agency:${agencyId}`;
export const replyDraftKey = (userId: string | null, conversationId: string): DraftKey =>
  `${userId ?? SIGNED_OUT}/reply:${conversationId}`;

const PREFIX = "agency-messages:outbox:";
/** A draft older than this is stale (the user wandered off): dropped instead of restored. */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a draft written while signed out lives: it waits this long for the account that signs in to take it over. */
export const SIGNED_OUT_HANDOVER_MS = 30 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings): drafts are simply not kept
  }
}

export function saveDraft(draft: Omit<Draft, "savedAt">, now = Date.now()): void {
  try {
    storage()?.setItem(PREFIX + draft.key, JSON.stringify({ ...draft, savedAt: now }));
  } catch {
    // quota exceeded: the send still happens, only the copy is missing
  }
}

/** The draft saved under `key` (or, for a signed-in user, one left at the same place while signed out). */
export function loadDraft(key: DraftKey, now = Date.now()): Draft | null {
  const own = read(key, now);
  if (own || key.startsWith(`${SIGNED_OUT}/`)) return own;
  const signedOutKey = `${SIGNED_OUT}/${key.slice(key.indexOf("/") + 1)}` as DraftKey;
  const left = read(signedOutKey, now);
  if (!left) return null;
  clearDraft(signedOutKey);
  const adopted = { ...left, key };
  saveDraft(adopted, left.savedAt);
  return adopted;
}

/**
 * Forgets the draft at `key`; with `clientMessageId`, only if the draft there is still that one (another tab
 * may have saved a different message at the same place meanwhile).
 */
export function clearDraft(key: DraftKey, clientMessageId?: string): void {
  try {
    if (clientMessageId !== undefined && read(key, Date.now())?.clientMessageId !== clientMessageId) return;
    storage()?.removeItem(PREFIX + key);
  } catch {
    // storage went away: nothing to clear
  }
}

/** Removes every draft of this user from the browser (on sign-out: the next person here must not read them). */
export function clearDraftsOf(userId: string): void {
  const store = storage();
  if (!store) return;
  try {
    const own = `${PREFIX}${userId}/`;
    const keys = Array.from({ length: store.length }, (_, i) => store.key(i));
    for (const key of keys) if (key?.startsWith(own)) store.removeItem(key);
  } catch {
    // storage went away: nothing to clear
  }
}

const maxAgeOf = (key: DraftKey) => (key.startsWith(`${SIGNED_OUT}/`) ? SIGNED_OUT_HANDOVER_MS : DRAFT_MAX_AGE_MS);

function read(key: DraftKey, now: number): Draft | null {
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
      now - value.savedAt < maxAgeOf(key);
    if (valid) return value as Draft;
  } catch {
    // not ours or corrupted
  }
  store?.removeItem(PREFIX + key);
  return null;
}
