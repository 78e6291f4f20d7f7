"use client";

import { signOut } from "@/lib/auth/sign-out-action";
import { clearDraftsOf } from "@/lib/browser/draft-storage";

/** Sign out, and first take the user's unsent drafts off this browser: the next person here must not read them. */
export function SignOutForm({ userId }: { userId: string }) {
  return (
    <form action={signOut} onSubmit={() => clearDraftsOf(userId)}>
      <button type="submit" className="button button-ghost button-small">
        Sign out
      </button>
    </form>
  );
}
