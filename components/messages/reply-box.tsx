"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { MessageComposer } from "@/components/messages/message-composer";
import { composerBindings, useIdempotentSend } from "@/components/messages/use-idempotent-send";
import { loadDraft, replyDraftKey, type DraftKey } from "@/lib/browser/draft-storage";
import { api, paths } from "@/lib/paths";

type ReplyBoxProps = {
  conversationId: string;
  /** The signed-in user: the outbox keeps drafts per user. */
  userId: string;
  sendTimeoutMs?: number;
};

/**
 * The reply form under a thread: same exactly-once send as the compose dialog, then the thread re-renders.
 * What is typed lives in the outbox (text and client_message_id) until it is stored, and comes back here after
 * a reload, a closed tab, a crash or a sign-in.
 */
export function ReplyBox({ conversationId, userId, sendTimeoutMs }: ReplyBoxProps) {
  const router = useRouter();
  const draftKey = replyDraftKey(userId, conversationId);
  const [text, setText] = useState("");
  const [restoredId, setRestoredId] = useState<string>();

  useEffect(() => {
    const saved = loadDraft(draftKey);
    if (!saved) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    setText(saved.text);
    setRestoredId(saved.clientMessageId);
  }, [draftKey]);

  return (
    <ReplyForm
      key={restoredId ?? "new"}
      conversationId={conversationId}
      draftKey={draftKey}
      text={text}
      onTextChange={setText}
      initialClientMessageId={restoredId}
      sendTimeoutMs={sendTimeoutMs}
      onSent={() => {
        setText("");
        router.refresh();
      }}
      onUnauthorized={() => router.push(paths.login({ next: paths.thread(conversationId) }))}
    />
  );
}

type ReplyFormProps = {
  conversationId: string;
  draftKey: DraftKey;
  text: string;
  onTextChange: (text: string) => void;
  initialClientMessageId?: string;
  sendTimeoutMs?: number;
  onSent: () => void;
  onUnauthorized: () => void;
};

/** Remounted (key) when a saved draft is restored, so the send hook starts from the draft's client_message_id. */
function ReplyForm({
  conversationId,
  draftKey,
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
      draftKey,
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
      {...composerBindings(sender, text, onTextChange, () => onTextChange(""))}
      sending={sender.sending}
      rows={3}
      placeholder="Write a reply…"
    />
  );
}
