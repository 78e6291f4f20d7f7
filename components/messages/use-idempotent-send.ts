"use client";

import { useEffect, useRef, useState } from "react";
import { TIMEOUT_CONFIG } from "@/lib/config/timeouts";
import { parseErrorBody, type ErrorDetails } from "@/lib/errors/error-body";
import { fetchWithTimeout } from "@/lib/browser/fetch-with-timeout";
import { clearDraft, saveDraft, type DraftKey } from "@/lib/browser/draft-storage";

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Your message is kept; press Send to retry.";
export const OFFLINE_MESSAGE =
  "You are offline. Your message is saved and will be sent when the connection is back. You can still edit or discard it.";
export const KEY_REUSED_MESSAGE =
  "An earlier version of this message was already delivered. Press Send again to send this text as a new message.";

export type SendRequest = { url: string; body: (text: string, clientMessageId: string) => object };

export type UseIdempotentSendOptions<T> = {
  /** Where the outbox keeps this draft (per user and agency or thread). */
  draftKey: DraftKey;
  /** Restored from a saved draft; otherwise a new id is made for the first draft. */
  initialClientMessageId?: string;
  timeoutMs?: number;
  onSuccess: (data: T) => void;
  /** 401: the draft is already in the outbox; the caller sends the user to sign in. */
  onUnauthorized: () => void;
};

export type SendStatus = "idle" | "sending" | "offline" | "done";

/**
 * Sends one message exactly once, however often the button is pressed, and never loses it.
 *
 * - One `client_message_id` per draft, reused on every retry of that draft (failed, timed out, 5xx, after a
 *   reload), so a send whose answer got lost is stored once: the server replays the stored message (200).
 * - The outbox (localStorage) holds the text and its id from the first keystroke and again right before every
 *   send; it is cleared on success. A reload, a closed tab or a crash restores it with the same id.
 * - Offline (navigator.onLine, or the fetch failed while offline): the send waits and goes out by itself, once,
 *   with the same id, on the `online` event; meanwhile the user can edit (the edited text goes) or discard.
 * - The id is NOT renewed when the user edits the text after a failure: we cannot know whether the failed
 *   attempt was stored. If it was, the server answers 409 `idempotency_key_reused` (same id, different text);
 *   that proves the earlier text was delivered, so we say so, drop that id and keep the text under a new one.
 * - `inFlight` is a ref, checked and set synchronously: two clicks in the same tick send one request (React
 *   state alone would let the second click through before the re-render disables the button).
 */
export function useIdempotentSend<T>(request: SendRequest, options: UseIdempotentSendOptions<T>) {
  const { draftKey, onSuccess, onUnauthorized, timeoutMs = TIMEOUT_CONFIG.SEND_MESSAGE } = options;
  const clientMessageId = useRef<string>(options.initialClientMessageId ?? "");
  const latestText = useRef("");
  const inFlight = useRef(false);
  // A draft restored from the outbox may have been sent before the reload; so may one this hook tried to send.
  const mayHaveBeenSent = useRef(Boolean(options.initialClientMessageId));
  const [status, setStatus] = useState<SendStatus>("idle");
  const [error, setError] = useState<string | null>(null);

  const currentId = () => {
    if (!clientMessageId.current) clientMessageId.current = crypto.randomUUID();
    return clientMessageId.current;
  };

  /** Keeps what the user typed in the outbox (called on every change). */
  function keep(text: string) {
    latestText.current = text;
    if (text.trim()) saveDraft({ key: draftKey, text, clientMessageId: currentId() });
    // Only our own draft: another tab may have put a newer one under the same key.
    else if (clientMessageId.current) clearDraft(draftKey, clientMessageId.current);
  }

  /** The user gave up on this draft: out of the outbox, and the next one gets a new id. */
  function discard() {
    clearDraft(draftKey);
    clientMessageId.current = "";
    mayHaveBeenSent.current = false;
    latestText.current = "";
    setStatus("idle");
    setError(null);
  }

  function waitForConnection() {
    setStatus("offline");
    setError(OFFLINE_MESSAGE);
  }

  async function send(text: string) {
    if (inFlight.current) return;
    latestText.current = text;
    const id = currentId();
    // Saved before the request leaves: whatever happens next, a reload finds the text with this id.
    saveDraft({ key: draftKey, text, clientMessageId: id });
    mayHaveBeenSent.current = true;
    if (!navigator.onLine) return waitForConnection();

    inFlight.current = true;
    setStatus("sending");
    setError(null);
    let keepLocked = false;
    try {
      const response = await fetchWithTimeout(request.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(request.body(text, id)),
        credentials: "same-origin",
        timeoutMs,
      });
      const json = (await response.json().catch(() => null)) as { data?: T } | null;
      const apiError = parseErrorBody(json);

      if (response.ok && json?.data !== undefined) {
        // Locked until the caller calls reset(): a click during the navigation must not send a new message.
        keepLocked = true;
        clearDraft(draftKey, id);
        clientMessageId.current = "";
        mayHaveBeenSent.current = false;
        setStatus("done");
        onSuccess(json.data);
        return;
      }
      if (response.status === 401) {
        keepLocked = true;
        setStatus("done");
        onUnauthorized();
        return;
      }
      if (response.status === 409 && apiError?.code === "idempotency_key_reused") {
        clearDraft(draftKey, id);
        clientMessageId.current = crypto.randomUUID();
        keep(latestText.current);
        setError(KEY_REUSED_MESSAGE);
      } else {
        setError(describeFailure(response.status, apiError));
      }
      setStatus("idle");
    } catch {
      // Network failure or timeout: the outcome is unknown, so the id stays for the retry.
      if (!navigator.onLine) waitForConnection();
      else {
        setError(NETWORK_ERROR_MESSAGE);
        setStatus("idle");
      }
    } finally {
      if (!keepLocked) inFlight.current = false;
    }
  }

  // Back online: the waiting send goes out by itself, once, with its id and the text as it is now.
  const sendRef = useRef(send);
  useEffect(() => {
    sendRef.current = send;
  });
  useEffect(() => {
    if (status !== "offline") return;
    const onOnline = () => void sendRef.current(latestText.current);
    // The connection came back before this listener was in place: no `online` event will come.
    if (navigator.onLine) {
      onOnline();
      return;
    }
    window.addEventListener("online", onOnline, { once: true });
    return () => window.removeEventListener("online", onOnline);
  }, [status]);

  /** Ready for the next draft (after a success that did not navigate away). */
  function reset() {
    inFlight.current = false;
    setStatus("idle");
    setError(null);
  }

  /** Whether the outbox must keep this draft when the form goes away: a send of its id may have been stored. */
  const keepsDraftOnClose = () => mayHaveBeenSent.current;

  return { send, keep, discard, reset, keepsDraftOnClose, status, sending: status === "sending", error };
}

type OutboxSender = Pick<ReturnType<typeof useIdempotentSend>, "send" | "keep" | "discard" | "status" | "error">;

/**
 * What a MessageComposer takes from an outbox send: typing keeps the draft, Send sends it, and while offline
 * Discard drops it (then `onDiscarded`, e.g. to clear the text).
 */
export function composerBindings(
  sender: OutboxSender,
  text: string,
  setText: (text: string) => void,
  onDiscarded: () => void,
) {
  return {
    text,
    onTextChange: (value: string) => {
      setText(value);
      sender.keep(value);
    },
    onSend: () => void sender.send(text),
    error: sender.error,
    onDiscard:
      sender.status === "offline"
        ? () => {
            sender.discard();
            onDiscarded();
          }
        : undefined,
  };
}

function describeFailure(status: number, error: ErrorDetails | null): string {
  if (!error)
    return `The server could not store your message (HTTP ${status}). Your message is kept; press Send to retry.`;
  const issue = error.issues?.[0];
  return issue ? `${error.message} (${issue.path} ${issue.message})` : error.message;
}
