/**
 * fetch for the server-side Supabase clients: every call to Supabase gets a deadline, so a stalled database
 * becomes a 503 for our caller instead of a hung request. supabase-js reports the abort as a network error.
 */
export function fetchWithDeadline(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
