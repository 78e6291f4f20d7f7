import "server-only";
import { readSupabaseEnv } from "@/lib/env";
import type { LiveConfig } from "@/lib/supabase/browser-client";

/** The public settings the browser needs to join Realtime topics (nothing secret: the publishable key). */
export function liveConfig(): LiveConfig {
  const env = readSupabaseEnv();
  return { supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL, publishableKey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY };
}
