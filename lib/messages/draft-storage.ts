/**
 * A compose-dialog draft kept across a sign-in redirect: the text and its client_message_id (so a send that did
 * reach the server before the 401 is not stored twice). sessionStorage: per tab, gone when the tab closes.
 */
export type AgencyDraft = { agencyId: string; text: string; clientMessageId: string; savedAt: number };

const PREFIX = "agency-messages:draft:agency:";
/** A draft older than this is stale (the user wandered off); it is dropped instead of reopened. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled (privacy settings): drafts are simply not kept
  }
}

export function saveAgencyDraft(draft: Omit<AgencyDraft, "savedAt">, now = Date.now()): void {
  try {
    storage()?.setItem(PREFIX + draft.agencyId, JSON.stringify({ ...draft, savedAt: now }));
  } catch {
    // quota exceeded: nothing we can do, the redirect still happens
  }
}

export function loadAgencyDraft(agencyId: string, now = Date.now()): AgencyDraft | null {
  const store = storage();
  const raw = store?.getItem(PREFIX + agencyId);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<AgencyDraft>;
    const valid =
      value.agencyId === agencyId &&
      typeof value.text === "string" &&
      typeof value.clientMessageId === "string" &&
      UUID.test(value.clientMessageId) &&
      typeof value.savedAt === "number" &&
      now - value.savedAt < MAX_AGE_MS;
    if (valid) return value as AgencyDraft;
  } catch {
    // not ours or corrupted
  }
  store?.removeItem(PREFIX + agencyId);
  return null;
}

export function clearAgencyDraft(agencyId: string): void {
  storage()?.removeItem(PREFIX + agencyId);
}
