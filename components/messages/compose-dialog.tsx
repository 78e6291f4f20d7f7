"use client";

import { useRef, useState, type RefObject } from "react";
import { useRouter } from "next/navigation";
import { Modal } from "@/components/ui/modal";
import { MessageComposer } from "@/components/messages/message-composer";
import { composerBindings, useIdempotentSend } from "@/components/messages/use-idempotent-send";
import { agencyDraftKey, clearDraft } from "@/lib/browser/draft-storage";
import { api, paths } from "@/lib/paths";

export type ComposeAgency = { id: string; name: string; slug: string };

type ComposeDialogProps = {
  agency: ComposeAgency;
  /** The signed-in user (null if the page was rendered signed out): the outbox keeps drafts per user. */
  userId: string | null;
  open: boolean;
  onClose: () => void;
  returnFocusRef: RefObject<HTMLElement | null>;
  /** A draft restored after sign-in. */
  initialText?: string;
  initialClientMessageId?: string;
  sendTimeoutMs?: number;
};

/**
 * Writes the first message to an agency. POST /api/messages/conversations finds or creates the conversation and
 * stores the message exactly once, so the dialog can be used even when the "do I already talk to them?" check
 * failed: the message lands in the existing thread.
 */
export function ComposeDialog({
  agency,
  userId,
  open,
  onClose,
  returnFocusRef,
  initialText = "",
  initialClientMessageId,
  sendTimeoutMs,
}: ComposeDialogProps) {
  const router = useRouter();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initialText);
  const draftKey = agencyDraftKey(userId, agency.id);

  const sender = useIdempotentSend<{ id: string }>(
    {
      url: api.conversations(),
      body: (message, clientMessageId) => ({
        context_type: "agency_inquiry",
        context_id: agency.id,
        initial_message: message,
        client_message_id: clientMessageId,
      }),
    },
    {
      draftKey,
      initialClientMessageId,
      timeoutMs: sendTimeoutMs,
      onSuccess: (conversation) => router.push(paths.thread(conversation.id)),
      onUnauthorized: () => router.push(paths.login({ next: paths.agency(agency.slug) })),
    },
  );

  return (
    <Modal
      open={open}
      onClose={() => {
        if (sender.sending) return; // the outcome is on its way; closing now would hide it
        // Closing gives up the draft, unless a send of it may have reached the server (tried here, or before a
        // reload): then the outbox keeps it, so that typing it again cannot store it twice.
        if (!sender.keepsDraftOnClose()) clearDraft(draftKey);
        onClose();
      }}
      title={`Message ${agency.name}`}
      description="Ask about trips, dates or prices. The agency's team answers in your Messages."
      initialFocusRef={textareaRef}
      returnFocusRef={returnFocusRef}
    >
      <MessageComposer
        {...composerBindings(sender, text, setText, () => {
          setText("");
          onClose();
        })}
        sending={sender.sending || sender.status === "done"}
        textareaRef={textareaRef}
        placeholder={`Hello ${agency.name}, …`}
      />
    </Modal>
  );
}
