import { inject } from "vitest";

type Stats = { conflicts?: Record<string, number> };

/** How many 409 responses with SQLSTATE 23505 PostgREST sent through the gateway so far. */
export async function uniqueViolationsSeen(): Promise<number> {
  const stats = (await (await fetch(`${inject("stack").apiUrl}/_stack/stats`)).json()) as Stats;
  return stats.conflicts?.["23505"] ?? 0;
}
