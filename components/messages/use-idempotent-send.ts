"use client";

import { useRef, useState } from "react";
import { TIMEOUT_CONFIG } from "@/lib/config/timeouts";
import { parseErrorBody, type ErrorDetails } from "@/lib/errors/error-body";
import { fetchWithTimeout } from "@/lib/http/fetch-with-timeout";

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Your message is kept; press Send to retry.";
export const KEY_REUSED_MESSAGE =
  "An earlier version of this message was already delivered. Press Send again to send this text as a new message.";

export type SendRequest = { url: string; body: (text: string, clientMessageId: string) => object };

export type UseIdempotentSendOptions<T> = {
  /** Restored from a saved draft; otherwise a new id is made for the first draft. */
  initialClientMessageId?: string;
  timeoutMs?: number;
  onSuccess: (data: T) => void;
  /** 401: the caller saves the draft and sends the user to sign in. */
  onUnauthorized: (draft: { text: string; clientMessageId: string }) => void;
};

/**
 * Sends one message exactly once, however often the button is pressed.
 *
 * - One `client_message_id` per draft, reused on every retry of that draft (failed, timed out, 5xx), so a send
 *   whose answer got lost is stored once: the server replays the stored message (200) instead of a second row.
 * - The id is NOT renewed when the user edits the text after a failure: we cannot know whether the failed attempt
 *   was stored. If it was, the server answers 409 `idempotency_key_reused` (same id, different text); that
 *   proves the earlier text was delivered, so we tell the user and make a new id for the edited text.
 * - After a success the next draft gets a new id.
 * - `inFlight` is a ref, checked and set synchronously: two clicks in the same tick send one request (React
 *   state alone would let the second click through before the re-render disables the button).
 */
export function useIdempotentSend<T>(request: SendRequest, options: UseIdempotentSendOptions<T>) {
  const { onSuccess, onUnauthorized, timeoutMs = TIMEOUT_CONFIG.SEND_MESSAGE } = options;
  const clientMessageId = useRef<string>(options.initialClientMessageId ?? "");
  const inFlight = useRef(false);
  const [status, setStatus] = useState<"idle" | "sending" | "done">("idle");
  const [error, setError] = useState<string | null>(null);

  const currentId = () => {
    if (!clientMessageId.current) clientMessageId.current = crypto.randomUUID();
    return clientMessageId.current;
  };

  async function send(text: string) {
    if (inFlight.current) return;
    inFlight.current = true;
    setStatus("sending");
    setError(null);
    const id = currentId();
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
        clientMessageId.current = "";
        setStatus("done");
        onSuccess(json.data);
        return;
      }
      if (response.status === 401) {
        keepLocked = true;
        setStatus("done");
        onUnauthorized({ text, clientMessageId: id });
        return;
      }
      if (response.status === 409 && apiError?.code === "idempotency_key_reused") {
        clientMessageId.current = crypto.randomUUID();
        setError(KEY_REUSED_MESSAGE);
      } else {
        setError(describeFailure(response.status, apiError));
      }
      setStatus("idle");
    } catch {
      // Network failure or timeout: the outcome is unknown, so the id stays for the retry.
      setError(NETWORK_ERROR_MESSAGE);
      setStatus("idle");
    } finally {
      if (!keepLocked) inFlight.current = false;
    }
  }

  /** Ready for the next draft (after a success that did not navigate away). */
  function reset() {
    inFlight.current = false;
    setStatus("idle");
    setError(null);
  }

  return { send, reset, status, sending: status === "sending", error };
}

function describeFailure(status: number, error: ErrorDetails | null): string {
  if (!error)
    return `The server could not store your message (HTTP ${status}). Your message is kept; press Send to retry.`;
  const issue = error.issues?.[0];
  return issue ? `${error.message} (${issue.path} ${issue.message})` : error.message;
}
