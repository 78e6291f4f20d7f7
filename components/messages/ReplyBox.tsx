"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { MessageComposer } from "@/components/messages/MessageComposer";
import { useIdempotentSend } from "@/components/messages/useIdempotentSend";

/** The reply form under a thread: same exactly-once send as the compose dialog, then the thread re-renders. */
export function ReplyBox({ conversationId, sendTimeoutMs }: { conversationId: string; sendTimeoutMs?: number }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const sender = useIdempotentSend<{ id: string }>(
    {
      url: `/api/messages/conversations/${conversationId}/messages`,
      body: (body, clientMessageId) => ({ body, client_message_id: clientMessageId }),
    },
    {
      timeoutMs: sendTimeoutMs,
      onSuccess: () => {
        setText("");
        router.refresh();
        sender.reset();
      },
      onUnauthorized: () => router.push(`/login?next=${encodeURIComponent(`/messages/conversations/${conversationId}`)}`),
    },
  );

  return (
    <MessageComposer
      text={text}
      onTextChange={setText}
      onSend={() => void sender.send(text)}
      sending={sender.sending}
      error={sender.error}
      rows={3}
      placeholder="Write a reply…"
    />
  );
}
