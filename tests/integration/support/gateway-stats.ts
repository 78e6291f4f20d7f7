import { inject } from "vitest";
import { gatewayStats } from "local-supabase";

/** How many 409 responses with SQLSTATE 23505 PostgREST sent through the gateway so far. */
export async function uniqueViolationsSeen(): Promise<number> {
  return (await gatewayStats(inject("stack").apiUrl)).conflicts["23505"] ?? 0;
}
