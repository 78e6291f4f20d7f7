import "server-only";
import { unexpected, type DbResult } from "@/lib/db/postgrest-error";
import { mergeConversations } from "@/lib/messages/conversation-order";
import { encodeConversationCursor, splitPage } from "@/lib/messages/cursor";
import { myAgenciesQuery, type ConversationSource } from "@/lib/messages/queries";
import type { UserSupabaseClient } from "@/lib/supabase/types";

type ConversationRow = { id: string; last_message_at: string | null; created_at: string };

/**
 * One page of everything the viewer takes part in: the conversations they started and, as agency staff, those
 * addressed to each of their agencies. Each source is read as its own ordered page (in parallel), then the pages
 * are merged and cut, so every read stops after a page whatever the number of rows. Row-level security still
 * decides what is visible. Two round trips: the memberships, then the pages.
 */
export async function readConversationPages<Row extends ConversationRow>(
  supabase: UserSupabaseClient,
  viewerId: string,
  limit: number,
  readPage: (source: ConversationSource) => PromiseLike<DbResult<Row[]>>,
): Promise<{ rows: Row[]; next: string | null }> {
  const memberships = await myAgenciesQuery(supabase, viewerId);
  if (memberships.error) throw unexpected(memberships, "read your agencies");
  const sources: ConversationSource[] = [
    { createdBy: viewerId },
    ...memberships.data.map((membership) => ({ agencyId: membership.agency_id })),
  ];
  const pages = await Promise.all(sources.map(readPage));
  const failed = pages.find((page) => page.error);
  if (failed?.error) throw unexpected(failed, "list your conversations");
  const merged = mergeConversations(pages.map((page) => page.data ?? []));
  return splitPage(merged, limit, encodeConversationCursor);
}
