import { readSupabaseEnv } from "@/lib/env";

/** Runs once when the server starts: refuse to serve with missing or malformed Supabase settings. */
export function register() {
  readSupabaseEnv();
}
