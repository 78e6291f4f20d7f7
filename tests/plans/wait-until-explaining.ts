import type { SupabaseClient } from "@supabase/supabase-js";
import { vi } from "vitest";

/** Waits until PostgREST has reloaded its configuration and explains plans (a condition, not a sleep). */
export async function waitUntilExplaining(client: SupabaseClient): Promise<void> {
  await vi.waitFor(
    async () => {
      const { error } = await client.from("agencies").select("id").limit(1).explain({ format: "json" });
      if (error) throw new Error(`PostgREST does not explain yet: ${JSON.stringify(error)}`);
    },
    { timeout: 20_000, interval: 100 },
  );
}
