"use server";

import { createClient } from "@/lib/supabase/server";

export type RealtimeAccessToken = { token: string; expiresAt: number };

/**
 * The signed-in user's access token for Realtime's private channels, or null when signed out. The session
 * cookies are HttpOnly, so the browser asks here; getSession refreshes an expired session (this is a server
 * action, so the new cookies are set). Realtime verifies the token itself on every join and refresh.
 */
export async function realtimeAccessToken(): Promise<RealtimeAccessToken | null> {
  const supabase = await createClient();
  const { data } = await supabase.auth.getSession();
  if (!data.session) return null;
  return { token: data.session.access_token, expiresAt: (data.session.expires_at ?? 0) * 1000 };
}
