/** Thrown by fetchWithTimeout when the deadline passes before the response headers arrive. */
export class TimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`The request did not complete within ${timeoutMs} ms.`, options);
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

export type FetchWithTimeoutInit = RequestInit & { timeoutMs: number };

/**
 * fetch with a deadline. The caller's own `signal` still works (its abort is rethrown as is); only the deadline
 * turns into a TimeoutError, so callers can tell "gave up waiting" from "cancelled" and from network failures.
 */
export async function fetchWithTimeout(input: RequestInfo | URL, init: FetchWithTimeoutInit): Promise<Response> {
  const { timeoutMs, signal: callerSignal, ...rest } = init;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  try {
    return await fetch(input, { ...rest, signal });
  } catch (error) {
    if (deadline.aborted && !callerSignal?.aborted) throw new TimeoutError(timeoutMs, { cause: error });
    throw error;
  }
}
