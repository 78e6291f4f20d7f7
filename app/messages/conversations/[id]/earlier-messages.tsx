"use client";

import { useState, useTransition } from "react";
import type { ThreadMessage } from "@/lib/messages/read/get-thread";
import { loadEarlierMessages } from "./actions";
import { ThreadMessageItem } from "./thread-message-item";
import styles from "./thread.module.css";

/**
 * The thread's earlier pages, loaded on demand above the newest page the server rendered. Each click asks for
 * the page before the oldest message shown (keyset cursor), so pages never overlap or skip, whatever arrives
 * meanwhile. The thread page remounts this (key) when its newest page moves, so no gap can open between them.
 */
export function EarlierMessages({ conversationId, before }: { conversationId: string; before: string | null }) {
  const [messages, setMessages] = useState<ThreadMessage[]>([]);
  const [cursor, setCursor] = useState(before);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();

  if (!cursor && messages.length === 0) return null;

  function showEarlier() {
    if (!cursor) return;
    setFailed(false);
    startTransition(async () => {
      try {
        const page = await loadEarlierMessages(conversationId, cursor);
        if (page.status !== "ok") {
          setFailed(true);
          return;
        }
        setMessages((shown) => [...page.messages, ...shown]);
        setCursor(page.earlier);
      } catch {
        setFailed(true);
      }
    });
  }

  return (
    <>
      {cursor ? (
        <li className={styles.earlier}>
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={showEarlier}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? "Loading…" : "Show earlier messages"}
          </button>
          {failed ? (
            <p role="alert" className={styles.empty}>
              Earlier messages could not be loaded. Try again.
            </p>
          ) : null}
        </li>
      ) : null}
      {messages.map((message) => (
        <ThreadMessageItem key={message.id} message={message} />
      ))}
    </>
  );
}
