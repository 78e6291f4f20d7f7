import type { Tables } from "@/lib/supabase/database.types";

export type Conversation = Tables<"conversations">;
export type Message = Tables<"messages">;
