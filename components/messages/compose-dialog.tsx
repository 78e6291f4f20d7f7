"use client";

import { useRef, useState, type RefObject } from "react";
import { useRouter } from "next/navigation";
import { Modal } from "@/components/ui/modal";
import { MessageComposer } from "@/components/messages/message-composer";
import { useIdempotentSend } from "@/components/messages/use-idempotent-send";
import { agencyDraftKey, clearDraft, saveDraft } from "@/lib/messages/draft-storage";
import { api, paths } from "@/lib/paths";

export type ComposeAgency = { id: string; name: string; slug: string };

type ComposeDialogProps = {
  agency: ComposeAgency;
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
  const draftKey = agencyDraftKey(agency.id);

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
      initialClientMessageId,
      timeoutMs: sendTimeoutMs,
      onSuccess: (conversation) => {
        clearDraft(draftKey);
        router.push(paths.thread(conversation.id));
      },
      onUnauthorized: (draft) => {
        saveDraft({ key: draftKey, ...draft });
        router.push(paths.login({ next: paths.agency(agency.slug) }));
      },
    },
  );

  return (
    <Modal
      open={open}
      onClose={() => {
        if (sender.sending) return; // the outcome is on its way; closing now would hide it
        clearDraft(draftKey);
        onClose();
      }}
      title={`Message ${agency.name}`}
      description="Ask about trips, dates or prices. The agency's team answers in your Messages."
      initialFocusRef={textareaRef}
      returnFocusRef={returnFocusRef}
    >
      <MessageComposer
        text={text}
        onTextChange={setText}
        onSend={() => void sender.send(text)}
        sending={sender.status !== "idle"}
        error={sender.error}
        textareaRef={textareaRef}
        placeholder={`Hello ${agency.name}, …`}
      />
    </Modal>
  );
}
