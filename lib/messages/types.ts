import type { Tables } from "@/lib/supabase/database.types";

/**
 * A conversations row. The generated Row also lists `agency`, the computed relationship public.agency(…), which
 * only an explicit embed returns (`select=…,agency(…)`), never `*`.
 */
export type Conversation = Omit<Tables<"conversations">, "agency">;
export type Message = Tables<"messages">;
