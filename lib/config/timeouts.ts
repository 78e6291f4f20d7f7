/**
 * Client-side deadlines. NEXT_PUBLIC_* values are inlined into the browser bundle at build time, so the e2e
 * build can shorten them (NEXT_PUBLIC_CLIENT_ACTION_TIMEOUT_MS) without touching production defaults.
 */
function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export const TIMEOUT_CONFIG = {
  /** A click that asks the server something before the UI moves on (e.g. "do I already talk to this agency?"). */
  CLIENT_ACTION: positiveInt(process.env.NEXT_PUBLIC_CLIENT_ACTION_TIMEOUT_MS, 10_000),
  /**
   * Sending a message. Longer than the server's own Supabase deadline (8 s), so a slow database answers 503
   * before we give up; giving up is safe anyway because a retry reuses the same client_message_id.
   */
  SEND_MESSAGE: positiveInt(process.env.NEXT_PUBLIC_SEND_MESSAGE_TIMEOUT_MS, 20_000),
} as const;
