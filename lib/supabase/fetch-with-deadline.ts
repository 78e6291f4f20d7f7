/**
 * fetch for a server-side Supabase client, which lives for one request: all of that request's Supabase calls
 * share one deadline, counted from the first call, so a stalled database becomes a 503 for our caller instead
 * of a hung request. supabase-js reports the abort as a network error.
 */
export function fetchWithDeadline(timeoutMs: number): typeof fetch {
  let deadline: AbortSignal | undefined;
  return (input, init) => {
    deadline ??= AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
