import "server-only";
import { unexpected } from "@/lib/db/postgrest-error";
import { conversationNotFound } from "@/lib/messages/errors";
import { conversationByIdQuery } from "@/lib/messages/queries";
import type { Conversation } from "@/lib/messages/types";
import type { UserSupabaseClient } from "@/lib/supabase/types";

/** The conversation if the user takes part in it; row-level security hides everyone else's. */
export async function getConversation(supabase: UserSupabaseClient, conversationId: string): Promise<Conversation> {
  const result = await conversationByIdQuery(supabase, conversationId).maybeSingle();
  if (result.error) throw unexpected(result, "read the conversation");
  if (!result.data) throw conversationNotFound();
  return result.data;
}
