// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { clearAgencyDraft, loadAgencyDraft, saveAgencyDraft } from "@/lib/messages/draft-storage";

const agencyId = "a0000000-0000-4000-8000-000000000001";
const clientMessageId = "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d";

afterEach(() => sessionStorage.clear());

describe("agency drafts in sessionStorage", () => {
  it("restores the text and the client_message_id of a saved draft", () => {
    saveAgencyDraft({ agencyId, text: "Two adults,\nlate June", clientMessageId });
    expect(loadAgencyDraft(agencyId)).toMatchObject({ agencyId, text: "Two adults,\nlate June", clientMessageId });
  });

  it("keeps drafts per agency", () => {
    saveAgencyDraft({ agencyId, text: "Hi", clientMessageId });
    expect(loadAgencyDraft("a0000000-0000-4000-8000-000000000002")).toBeNull();
  });

  it("forgets a cleared draft", () => {
    saveAgencyDraft({ agencyId, text: "Hi", clientMessageId });
    clearAgencyDraft(agencyId);
    expect(loadAgencyDraft(agencyId)).toBeNull();
  });

  it("drops stale or corrupted drafts", () => {
    saveAgencyDraft({ agencyId, text: "Hi", clientMessageId }, Date.now() - 25 * 60 * 60 * 1000);
    expect(loadAgencyDraft(agencyId)).toBeNull();
    sessionStorage.setItem(`agency-messages:draft:agency:${agencyId}`, "{not json");
    expect(loadAgencyDraft(agencyId)).toBeNull();
    saveAgencyDraft({ agencyId, text: "Hi", clientMessageId: "not-a-uuid" });
    expect(loadAgencyDraft(agencyId)).toBeNull();
  });
});
