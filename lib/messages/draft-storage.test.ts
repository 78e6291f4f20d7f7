// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { agencyDraftKey, clearDraft, loadDraft, replyDraftKey, saveDraft } from "@/lib/messages/draft-storage";
import { newId } from "@/tests/support/factories/ids";
import { seededAgencies } from "@/tests/support/factories/seed";

const key = agencyDraftKey(seededAgencies.acme.id);
const clientMessageId = newId();

afterEach(() => sessionStorage.clear());

describe("drafts in sessionStorage", () => {
  it("restores the text and the client_message_id of a saved draft", () => {
    saveDraft({ key, text: "Two adults,\nlate June", clientMessageId });
    expect(loadDraft(key)).toMatchObject({ key, text: "Two adults,\nlate June", clientMessageId });
  });

  it("keeps one draft per agency and per thread", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    expect(loadDraft(agencyDraftKey(seededAgencies.fjord.id))).toBeNull();
    expect(loadDraft(replyDraftKey(seededAgencies.acme.id))).toBeNull();
  });

  it("forgets a cleared draft", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    clearDraft(key);
    expect(loadDraft(key)).toBeNull();
  });

  it("drops stale or corrupted drafts", () => {
    saveDraft({ key, text: "Hi", clientMessageId }, Date.now() - 25 * 60 * 60 * 1000);
    expect(loadDraft(key)).toBeNull();
    sessionStorage.setItem(`agency-messages:draft:${key}`, "{not json");
    expect(loadDraft(key)).toBeNull();
    saveDraft({ key, text: "Hi", clientMessageId: "not-a-uuid" });
    expect(loadDraft(key)).toBeNull();
  });
});
