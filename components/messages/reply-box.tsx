"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { MessageComposer } from "@/components/messages/message-composer";
import { useIdempotentSend } from "@/components/messages/use-idempotent-send";
import { clearDraft, loadDraft, replyDraftKey, saveDraft } from "@/lib/messages/draft-storage";
import { api, paths } from "@/lib/paths";

/**
 * The reply form under a thread: same exactly-once send as the compose dialog, then the thread re-renders.
 * A 401 keeps the reply (text and client_message_id) through the sign-in and restores it here.
 */
export function ReplyBox({ conversationId, sendTimeoutMs }: { conversationId: string; sendTimeoutMs?: number }) {
  const router = useRouter();
  const draftKey = replyDraftKey(conversationId);
  const [text, setText] = useState("");
  const [restoredId, setRestoredId] = useState<string>();

  useEffect(() => {
    const saved = loadDraft(draftKey);
    if (!saved) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage exists only in the browser, after hydration
    setText(saved.text);
    setRestoredId(saved.clientMessageId);
  }, [draftKey]);

  return (
    <ReplyForm
      key={restoredId ?? "new"}
      conversationId={conversationId}
      text={text}
      onTextChange={setText}
      initialClientMessageId={restoredId}
      sendTimeoutMs={sendTimeoutMs}
      onSent={() => {
        clearDraft(draftKey);
        setText("");
        router.refresh();
      }}
      onUnauthorized={(draft) => {
        saveDraft({ key: draftKey, ...draft });
        router.push(paths.login({ next: paths.thread(conversationId) }));
      }}
    />
  );
}

type ReplyFormProps = {
  conversationId: string;
  text: string;
  onTextChange: (text: string) => void;
  initialClientMessageId?: string;
  sendTimeoutMs?: number;
  onSent: () => void;
  onUnauthorized: (draft: { text: string; clientMessageId: string }) => void;
};

/** Remounted (key) when a saved draft is restored, so the send hook starts from the draft's client_message_id. */
function ReplyForm({
  conversationId,
  text,
  onTextChange,
  initialClientMessageId,
  sendTimeoutMs,
  onSent,
  onUnauthorized,
}: ReplyFormProps) {
  const sender = useIdempotentSend<{ id: string }>(
    {
      url: api.messages(conversationId),
      body: (body, clientMessageId) => ({ body, client_message_id: clientMessageId }),
    },
    {
      initialClientMessageId,
      timeoutMs: sendTimeoutMs,
      onSuccess: () => {
        onSent();
        sender.reset();
      },
      onUnauthorized,
    },
  );

  return (
    <MessageComposer
      text={text}
      onTextChange={onTextChange}
      onSend={() => void sender.send(text)}
      sending={sender.sending}
      error={sender.error}
      rows={3}
      placeholder="Write a reply…"
    />
  );
}
