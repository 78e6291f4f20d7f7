import { createBrowserClient } from "@supabase/ssr";
import type { Database } from "@/lib/supabase/database.types";

/** Where the browser reaches Supabase Realtime: handed down by the server, which reads the settings at run time. */
export type LiveConfig = { supabaseUrl: string; publishableKey: string };

/**
 * The page's one Supabase client in the browser (createBrowserClient keeps a singleton, so every live component
 * shares one websocket). It is used for Realtime only: the session cookies are HttpOnly, so this client has no
 * session of its own and the caller hands Realtime the user's access token (useLiveTopics).
 */
export function browserClient({ supabaseUrl, publishableKey }: LiveConfig) {
  return createBrowserClient<Database>(supabaseUrl, publishableKey, {
    auth: { autoRefreshToken: false, persistSession: false, detectSessionInUrl: false },
  });
}
