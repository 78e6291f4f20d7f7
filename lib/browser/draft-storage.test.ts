// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import {
  agencyDraftKey,
  clearDraft,
  clearDraftsOf,
  DRAFT_MAX_AGE_MS,
  loadDraft,
  replyDraftKey,
  saveDraft,
  SIGNED_OUT_HANDOVER_MS,
} from "@/lib/browser/draft-storage";
import { newId } from "@/tests/support/factories/ids";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";

const alice = seededUsers.alice.id;
const bob = seededUsers.bob.id;
const agencyId = seededAgencies.acme.id;
const key = agencyDraftKey(alice, agencyId);
const clientMessageId = newId();

afterEach(() => localStorage.clear());

describe("the outbox in localStorage", () => {
  it("restores the text and the client_message_id of a saved draft", () => {
    saveDraft({ key, text: "Two adults,\nlate June", clientMessageId });
    expect(loadDraft(key)).toMatchObject({ key, text: "Two adults,\nlate June", clientMessageId });
  });

  it("lives in localStorage, so a new tab (a closed one reopened) finds it", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    expect(localStorage.length).toBe(1);
    expect(sessionStorage.length).toBe(0);
  });

  it("keeps one draft per user and per agency or thread", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    expect(loadDraft(agencyDraftKey(alice, seededAgencies.fjord.id))).toBeNull();
    expect(loadDraft(replyDraftKey(alice, agencyId))).toBeNull();
    expect(loadDraft(agencyDraftKey(bob, agencyId)), "another account on this browser").toBeNull();
  });

  it("hands a draft written while signed out to the account that signs in, once", () => {
    saveDraft({ key: agencyDraftKey(null, agencyId), text: "Session had expired", clientMessageId });
    expect(loadDraft(key)).toMatchObject({ key, text: "Session had expired", clientMessageId });
    expect(loadDraft(agencyDraftKey(null, agencyId))).toBeNull();
    expect(loadDraft(agencyDraftKey(bob, agencyId))).toBeNull();
  });

  it("drops a draft written while signed out that nobody took over soon (on a shared browser, it may be someone else's)", () => {
    const written = Date.now();
    saveDraft({ key: agencyDraftKey(null, agencyId), text: "Typed by a guest", clientMessageId }, written);
    expect(loadDraft(key, written + SIGNED_OUT_HANDOVER_MS + 1)).toBeNull();
    expect(loadDraft(agencyDraftKey(null, agencyId), written + 1)).toBeNull();
  });

  it("offers a signed-out draft to no signed-out visitor after the hand-over window either", () => {
    const written = Date.now();
    const guestKey = agencyDraftKey(null, agencyId);
    saveDraft({ key: guestKey, text: "Typed by a guest", clientMessageId }, written);
    expect(loadDraft(guestKey, written + SIGNED_OUT_HANDOVER_MS - 1)?.text).toBe("Typed by a guest");
    expect(loadDraft(guestKey, written + SIGNED_OUT_HANDOVER_MS + 1)).toBeNull();
    expect(localStorage.length, "and it is removed").toBe(0);
  });

  it("removes every draft of a user who signs out, and only theirs", () => {
    saveDraft({ key, text: "Alice's inquiry", clientMessageId });
    saveDraft({ key: replyDraftKey(alice, newId()), text: "Alice's reply", clientMessageId: newId() });
    saveDraft({ key: agencyDraftKey(bob, agencyId), text: "Bob's", clientMessageId: newId() });
    localStorage.setItem("someone-else's-key", "kept");
    clearDraftsOf(alice);
    expect(loadDraft(key)).toBeNull();
    expect(loadDraft(agencyDraftKey(bob, agencyId))?.text).toBe("Bob's");
    expect(localStorage.getItem("someone-else's-key")).toBe("kept");
    expect(localStorage.length).toBe(2);
  });

  it("forgets a cleared draft", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    clearDraft(key);
    expect(loadDraft(key)).toBeNull();
  });

  it("clears only the draft it was asked to when given its id", () => {
    saveDraft({ key, text: "Another tab's message", clientMessageId: "9b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d" });
    clearDraft(key, clientMessageId);
    expect(loadDraft(key)?.text).toBe("Another tab's message");
    clearDraft(key, "9b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d");
    expect(loadDraft(key)).toBeNull();
  });

  it("drops expired or corrupted drafts", () => {
    saveDraft({ key, text: "Hi", clientMessageId }, Date.now() - DRAFT_MAX_AGE_MS - 1);
    expect(loadDraft(key)).toBeNull();
    saveDraft({ key, text: "Hi", clientMessageId }, Date.now() - DRAFT_MAX_AGE_MS + 60_000);
    expect(loadDraft(key)).not.toBeNull();
    localStorage.setItem(`agency-messages:outbox:${key}`, "{not json");
    expect(loadDraft(key)).toBeNull();
    saveDraft({ key, text: "Hi", clientMessageId: "not-a-uuid" });
    expect(loadDraft(key)).toBeNull();
  });
});
