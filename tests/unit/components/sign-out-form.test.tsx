// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SignOutForm } from "@/components/layout/sign-out-form";
import { agencyDraftKey, loadDraft, saveDraft } from "@/lib/browser/draft-storage";
import { newId } from "@/tests/support/factories/ids";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";

const signOut = vi.hoisted(() => vi.fn(async () => {}));
vi.mock("@/lib/auth/sign-out-action", () => ({ signOut }));

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe("SignOutForm", () => {
  it("takes the user's drafts off the browser, keeps other accounts' drafts, and signs out", async () => {
    const alice = agencyDraftKey(seededUsers.alice.id, seededAgencies.acme.id);
    const bob = agencyDraftKey(seededUsers.bob.id, seededAgencies.acme.id);
    saveDraft({ key: alice, text: "Alice's unsent inquiry", clientMessageId: newId() });
    saveDraft({ key: bob, text: "Bob's", clientMessageId: newId() });

    render(<SignOutForm userId={seededUsers.alice.id} />);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));

    expect(loadDraft(alice)).toBeNull();
    expect(loadDraft(bob)?.text).toBe("Bob's");
    await vi.waitFor(() => expect(signOut).toHaveBeenCalledTimes(1));
  });
});
