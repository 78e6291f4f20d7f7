"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { NavLink } from "@/components/layout/nav-link";
import { CONVERSATION_READ_EVENT } from "@/components/live/read-marks";
import { useLiveTopics, type LiveStatus } from "@/components/live/use-live-topics";
import type { LiveConfig } from "@/lib/supabase/browser-client";
import { paths } from "@/lib/paths";
import styles from "./site-header.module.css";

/** A burst of messages (or a read mark right after one) refreshes the page once. */
const REFRESH_DEBOUNCE_MS = 250;

type MessagesNavLinkProps = {
  /** Unread messages, as the server counted them for this render. */
  unread: number;
  /** The user's inbox topics (their own and each agency they staff); none when signed out. */
  topics: string[];
  live: LiveConfig;
};

/**
 * The header's Messages link with the unread total ("Messages, 3 unread"), live: a new message on one of the
 * user's inbox topics, or this tab marking a conversation read, re-renders the page from the server
 * (router.refresh), so the total, and the inbox rows when the inbox is open, come from the database again.
 */
export function MessagesNavLink({ unread, topics, live }: MessagesNavLinkProps) {
  const router = useRouter();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const unreadRef = useRef(unread);
  useEffect(() => {
    unreadRef.current = unread;
  });

  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    // Offline, a refresh cannot reach the server (Next.js would fall back to reloading the page): the rejoin once
    // the connection is back refreshes instead.
    if (!navigator.onLine) return;
    timer.current = setTimeout(() => router.refresh(), REFRESH_DEBOUNCE_MS);
  }, [router]);
  /** Whether the topics were down since the last join: only a rejoin can have missed something. */
  const wasDown = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);

  useLiveTopics(live, topics, {
    onMessage: () => refreshSoon(),
    // Rejoined after being down: something may have arrived meanwhile. The first join follows a fresh render.
    onStatus: (next) => {
      setStatus(next);
      if (next === "down") wasDown.current = true;
      if (next === "live" && wasDown.current) {
        wasDown.current = false;
        refreshSoon();
      }
    },
  });

  useEffect(() => {
    const onRead = () => {
      if (unreadRef.current > 0) refreshSoon();
    };
    window.addEventListener(CONVERSATION_READ_EVENT, onRead);
    return () => window.removeEventListener(CONVERSATION_READ_EVENT, onRead);
  }, [refreshSoon]);

  // data-live: whether the inbox topics are joined (tests wait for it; nothing is styled by it).
  return (
    <span className={styles.navItem} data-live={topics.length > 0 ? status : undefined}>
      <NavLink href={paths.inbox()}>
        {unread > 0 ? (
          <>
            {/* One accessible name, "Messages, 3 unread"; the visible text and badge are hidden from it. */}
            <span className="visually-hidden">Messages, {unread} unread</span>
            <span aria-hidden="true">Messages</span>
            <span className={styles.unread} aria-hidden="true">
              {unread > 99 ? "99+" : unread}
            </span>
          </>
        ) : (
          "Messages"
        )}
      </NavLink>
    </span>
  );
}
