"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { CONVERSATION_READ_EVENT } from "@/components/live/read-marks";
import { usePageVisible } from "@/components/live/use-page-visible";
import { useLiveTopics, type LiveStatus } from "@/components/live/use-live-topics";
import { ReplyBox } from "@/components/messages/reply-box";
import { fetchMessagesAfter } from "@/lib/browser/fetch-messages-after";
import { cursorAfter, mergeMessages } from "@/lib/messages/live/merge-messages";
import {
  labelMessage,
  type RawMessage,
  type ThreadLabelContext,
  type ThreadMessage,
} from "@/lib/messages/live/thread-labels";
import type { LiveConfig } from "@/lib/supabase/browser-client";
import { api } from "@/lib/paths";
import { ThreadMessageItem } from "./thread-message-item";
import styles from "./thread.module.css";

/** While the channel is down, the thread asks the database this often (only while the tab is visible). */
export const POLL_INTERVAL_MS = 5_000;

type LiveThreadProps = {
  conversationId: string;
  userId: string;
  /** The newest page, as the server rendered it (oldest first). */
  initialMessages: ThreadMessage[];
  labels: ThreadLabelContext;
  live: LiveConfig;
  /** The "Show earlier messages" part, above the newest page. */
  earlier: ReactNode;
};

/**
 * The thread's messages, kept up to date, and its reply box. The database is the source of truth; the broadcast
 * on `conversation:<id>` is only a doorbell. Every message, whether it comes from the broadcast, a catch-up or
 * the reply box, goes through mergeMessages, so each shows once. The thread catches up
 * (`GET …/messages?after=<newest shown>`) when the channel (re)joins, when the tab becomes visible and when the
 * browser comes back online; while the channel is down it catches up every 5 s, never while hidden.
 */
export function LiveThread({ conversationId, userId, initialMessages, labels, live, earlier }: LiveThreadProps) {
  const [messages, setMessages] = useState(initialMessages);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [unseenBelow, setUnseenBelow] = useState(false);
  const visible = usePageVisible();
  const shown = useRef(messages);
  const atEnd = useRef(true);
  const end = useRef<HTMLLIElement>(null);
  const labelsRef = useRef(labels);

  useEffect(() => {
    shown.current = messages;
    labelsRef.current = labels;
  });

  const add = useCallback((incoming: RawMessage[]) => {
    if (incoming.length === 0) return;
    const labelled = incoming.map((message) => labelMessage(message, labelsRef.current));
    setMessages((current) => {
      const merged = mergeMessages(current, labelled);
      if (merged !== current && !atEnd.current && labelled.some((message) => !message.fromViewer)) setUnseenBelow(true);
      return merged;
    });
  }, []);

  // A server re-render (router.refresh) brings the newest page again: merged, never replacing what is shown.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- merging a new server page into client state
    setMessages((current) => mergeMessages(current, initialMessages));
  }, [initialMessages]);

  // One catch-up at a time; a trigger during one runs another right after it.
  const catchingUp = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const catchUp = useCallback(async () => {
    if (catchingUp.current) {
      again.current = true;
      return catchingUp.current;
    }
    const run = async () => {
      do {
        again.current = false;
        const result = await fetchMessagesAfter(conversationId, cursorAfter(shown.current));
        if (result.status !== "ok") return;
        add(result.messages);
        // Let React commit, so the next round's cursor is the newest message just added.
        await new Promise((resolve) => setTimeout(resolve, 0));
      } while (again.current);
    };
    catchingUp.current = run().finally(() => {
      catchingUp.current = null;
    });
    return catchingUp.current;
  }, [conversationId, add]);

  useLiveTopics(live, [`conversation:${conversationId}`], {
    onMessage: (payload) => {
      if (payload.conversation_id === conversationId) add([payload]);
    },
    onStatus: (next) => {
      setStatus(next);
      if (next === "live") void catchUp();
    },
  });

  useEffect(() => {
    const onOnline = () => void catchUp();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [catchUp]);

  useEffect(() => {
    if (visible) void catchUp();
  }, [visible, catchUp]);

  useEffect(() => {
    if (status !== "down" || !visible) return;
    const timer = setInterval(() => void catchUp(), POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [status, visible, catchUp]);

  // Read while visible: whenever the newest message from the other side changes (PUT …/read is idempotent).
  const newestFromOthers = messages.findLast((message) => !message.fromViewer)?.id ?? null;
  useEffect(() => {
    if (!visible || !newestFromOthers) return;
    void fetch(api.conversationRead(conversationId), { method: "PUT", credentials: "same-origin" })
      .then((response) => {
        if (response.ok) window.dispatchEvent(new Event(CONVERSATION_READ_EVENT));
      })
      .catch(() => undefined);
  }, [visible, newestFromOthers, conversationId]);

  // Whether the end of the thread is on screen: if not, new messages raise the pill instead of going unnoticed.
  useEffect(() => {
    const sentinel = end.current;
    if (!sentinel) return;
    const observer = new IntersectionObserver(([entry]) => {
      atEnd.current = entry?.isIntersecting ?? true;
      if (atEnd.current) setUnseenBelow(false);
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, []);

  return (
    <>
      {/* data-live: whether the conversation's topic is joined (tests wait for it). */}
      <ol className={`card ${styles.messages}`} aria-label="Messages" data-live={status}>
        {messages.length === 0 ? <li className={styles.empty}>No messages yet. Write the first one below.</li> : null}
        {earlier}
        {messages.map((message) => (
          <ThreadMessageItem key={message.id} message={message} />
        ))}
        <li ref={end} className={styles.end} aria-hidden="true" />
      </ol>
      {unseenBelow ? (
        <button
          type="button"
          className={`button button-primary button-small ${styles.pill}`}
          onClick={() => {
            end.current?.scrollIntoView({ behavior: "smooth", block: "end" });
            setUnseenBelow(false);
          }}
        >
          New messages
        </button>
      ) : null}
      <p className="visually-hidden" role="status">
        {status === "down" ? "Live updates paused; checking for new messages every few seconds." : ""}
      </p>
      <section aria-label="Reply" className={`card ${styles.reply}`}>
        <ReplyBox conversationId={conversationId} userId={userId} onSent={(message) => add([message])} />
      </section>
    </>
  );
}
