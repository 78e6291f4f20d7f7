import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/** A client acting as one user (their JWT), so row-level security applies to every query. */
export type UserSupabaseClient = SupabaseClient<Database>;
