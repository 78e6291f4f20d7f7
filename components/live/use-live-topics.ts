"use client";

import { useEffect, useRef } from "react";
import { browserClient, type LiveConfig } from "@/lib/supabase/browser-client";
import { realtimeAccessToken } from "@/lib/supabase/realtime-access-token";

/** The event the database broadcasts for each new message (docs/live-conversations.md). */
export const MESSAGE_CREATED = "message_created";

export type MessageCreatedPayload = {
  id: string;
  conversation_id: string;
  sender_id: string | null;
  body: string;
  created_at: string;
  client_message_id: string;
};

/** "live": joined; "down": the join failed, timed out or the socket dropped (supabase-js keeps retrying). */
export type LiveStatus = "connecting" | "live" | "down";

type Handlers = {
  onMessage: (payload: MessageCreatedPayload) => void;
  /** Called with "live" on every (re)join: the moment to catch up on what the broadcast may have missed. */
  onStatus?: (status: LiveStatus) => void;
};

/** Renew the token this long before it expires, so Realtime never drops the channel for an expired token. */
const RENEW_BEFORE_MS = 60_000;

/**
 * Joins private Realtime topics with supabase-js and calls `onMessage` for each `message_created`. The token
 * comes from the server (realtimeAccessToken) and goes to `realtime.setAuth()` before the join, and again before
 * it expires (Realtime re-checks access with each new token). The status is reported per join, as the worst of
 * all topics.
 */
export function useLiveTopics(config: LiveConfig, topics: readonly string[], handlers: Handlers) {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const { supabaseUrl, publishableKey } = config;
  const topicsKey = topics.join("\n");

  useEffect(() => {
    const wanted = topicsKey ? topicsKey.split("\n") : [];
    if (wanted.length === 0) return;
    const supabase = browserClient({ supabaseUrl, publishableKey });
    const statusByTopic = new Map<string, LiveStatus>(wanted.map((topic) => [topic, "connecting"]));
    let cancelled = false;
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    const channels: ReturnType<typeof supabase.channel>[] = [];

    function report() {
      const statuses = [...statusByTopic.values()];
      const overall: LiveStatus = statuses.includes("down")
        ? "down"
        : statuses.every((status) => status === "live")
          ? "live"
          : "connecting";
      handlersRef.current.onStatus?.(overall);
    }

    async function authorise(): Promise<boolean> {
      let token;
      try {
        token = await realtimeAccessToken();
      } catch {
        token = null;
      }
      if (cancelled) return false;
      if (!token) {
        for (const topic of wanted) statusByTopic.set(topic, "down");
        report();
        renewTimer = setTimeout(() => void authorise(), 30_000);
        return false;
      }
      await supabase.realtime.setAuth(token.token);
      renewTimer = setTimeout(() => void authorise(), Math.max(30_000, token.expiresAt - Date.now() - RENEW_BEFORE_MS));
      return true;
    }

    void authorise().then((authorised) => {
      if (cancelled || !authorised) return;
      for (const topic of wanted) {
        const channel = supabase
          .channel(topic, { config: { private: true } })
          .on("broadcast", { event: MESSAGE_CREATED }, ({ payload }) =>
            handlersRef.current.onMessage(payload as MessageCreatedPayload),
          )
          .subscribe((status) => {
            if (cancelled) return;
            if (status === "SUBSCRIBED") statusByTopic.set(topic, "live");
            else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") statusByTopic.set(topic, "down");
            else return;
            report();
          });
        channels.push(channel);
      }
    });

    return () => {
      cancelled = true;
      clearTimeout(renewTimer);
      for (const channel of channels) void supabase.removeChannel(channel);
    };
  }, [supabaseUrl, publishableKey, topicsKey]);
}
