// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { agencyDraftKey, clearDraft, loadDraft, replyDraftKey, saveDraft } from "@/lib/messages/draft-storage";

const key = agencyDraftKey("a0000000-0000-4000-8000-000000000001");
const clientMessageId = "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d";

afterEach(() => sessionStorage.clear());

describe("drafts in sessionStorage", () => {
  it("restores the text and the client_message_id of a saved draft", () => {
    saveDraft({ key, text: "Two adults,\nlate June", clientMessageId });
    expect(loadDraft(key)).toMatchObject({ key, text: "Two adults,\nlate June", clientMessageId });
  });

  it("keeps one draft per agency and per thread", () => {
    saveDraft({ key, text: "Hi", clientMessageId });
    expect(loadDraft(agencyDraftKey("a0000000-0000-4000-8000-000000000002"))).toBeNull();
    expect(loadDraft(replyDraftKey("a0000000-0000-4000-8000-000000000001"))).toBeNull();
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
