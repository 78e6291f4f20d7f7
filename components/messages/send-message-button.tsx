"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { ComposeDialog, type ComposeAgency } from "@/components/messages/compose-dialog";
import { Spinner } from "@/components/ui/spinner";
import { TIMEOUT_CONFIG } from "@/lib/config/timeouts";
import { fetchWithTimeout, TimeoutError } from "@/lib/browser/fetch-with-timeout";
import { agencyDraftKey, loadDraft, type Draft } from "@/lib/browser/draft-storage";
import { api, paths } from "@/lib/paths";

type SendMessageButtonProps = {
  agency: ComposeAgency;
  /** The signed-in user, or null: the outbox keeps drafts per user. */
  userId: string | null;
  /** Deadline of the "existing conversation?" check; defaults to TIMEOUT_CONFIG.CLIENT_ACTION. */
  checkTimeoutMs?: number;
  sendTimeoutMs?: number;
};

/**
 * "Send message" on an agency page: opens the existing thread if there is one, otherwise the compose dialog.
 * The check is an optimisation only. If it is slow, fails or times out, the dialog opens anyway (graceful
 * degradation): the POST finds the existing conversation itself, so no duplicate can result.
 */
export function SendMessageButton({
  agency,
  userId,
  checkTimeoutMs = TIMEOUT_CONFIG.CLIENT_ACTION,
  sendTimeoutMs,
}: SendMessageButtonProps) {
  const router = useRouter();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const busy = useRef(false);
  const [checking, setChecking] = useState(false);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);

  // A draft in the outbox (typed before a reload, a closed tab, a crash or a sign-in): reopen the dialog with it
  // and its client_message_id, so sending it again replays it if it was already stored.
  useEffect(() => {
    const saved = loadDraft(agencyDraftKey(userId, agency.id));
    if (!saved) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    setDraft(saved);
    setOpen(true);
  }, [agency.id, userId]);

  async function onClick() {
    if (busy.current) return; // synchronous guard: a second click in the same tick is ignored
    busy.current = true;
    setChecking(true);
    let navigating = false;
    try {
      const query = { context_type: "agency_inquiry", context_id: agency.id, limit: "1" };
      const response = await fetchWithTimeout(api.conversations(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        timeoutMs: checkTimeoutMs,
      });
      if (response.status === 401) {
        navigating = true;
        router.push(paths.login({ next: paths.agency(agency.slug) }));
        return;
      }
      if (response.ok) {
        const json = (await response.json()) as { data?: { id: string }[] };
        const existing = json.data?.[0];
        if (existing) {
          navigating = true;
          router.push(paths.thread(existing.id));
          return;
        }
      } else {
        console.warn(
          `Send message: the conversation check answered HTTP ${response.status}; opening the compose dialog.`,
        );
      }
      setOpen(true);
    } catch (error) {
      if (error instanceof TimeoutError) {
        console.warn(
          `Send message: the conversation check took longer than ${error.timeoutMs} ms; opening the compose dialog.`,
        );
      } else {
        console.warn("Send message: the conversation check failed; opening the compose dialog.", error);
      }
      setOpen(true);
    } finally {
      if (!navigating) {
        busy.current = false;
        setChecking(false);
      }
    }
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button-primary button-large"
        aria-busy={checking}
        aria-haspopup="dialog"
        onClick={() => void onClick()}
      >
        {checking ? <Spinner /> : <MessageIcon />}
        Send message
      </button>
      <ComposeDialog
        key={draft?.clientMessageId ?? "new"}
        agency={agency}
        userId={userId}
        open={open}
        onClose={() => setOpen(false)}
        returnFocusRef={buttonRef}
        initialText={draft?.text}
        initialClientMessageId={draft?.clientMessageId}
        sendTimeoutMs={sendTimeoutMs}
      />
    </>
  );
}

function MessageIcon() {
  return (
    <svg
      width="1em"
      height="1em"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />
    </svg>
  );
}
