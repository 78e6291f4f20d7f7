import { z } from "zod";
import { decodeKey as decode, encodeKey as encode, filterValue as quoted } from "@/lib/db/keyset-cursor";

// Keyset pagination cursors. A page ends at its last row; the cursor names that row's sort key, and the next
// page is "every row after it in the sort order". Opaque to clients (lib/db/keyset-cursor.ts), validated on
// the way back in: anything that does not decode to a well-formed key is refused, never passed to PostgREST.

const timestamp = z.iso.datetime({ offset: true });
const id = z.uuid();

/** Messages sort by (created_at desc, id desc). */
export type MessageCursor = { createdAt: string; id: string };
/** Conversations sort by (last_message_at desc nulls last, created_at desc, id desc). */
export type ConversationCursor = { lastMessageAt: string | null; createdAt: string; id: string };

const messageKey = z.tuple([timestamp, id]);
const conversationKey = z.tuple([timestamp.nullable(), timestamp, id]);

export function encodeMessageCursor(row: { created_at: string; id: string }): string {
  return encode([row.created_at, row.id]);
}

export function encodeConversationCursor(row: {
  last_message_at: string | null;
  created_at: string;
  id: string;
}): string {
  return encode([row.last_message_at, row.created_at, row.id]);
}

/** A `before` query parameter holding a message cursor. */
export const messageCursorParam = z.string().transform((value, context): MessageCursor => {
  const parsed = messageKey.safeParse(decode(value));
  if (!parsed.success) {
    context.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  }
  return { createdAt: parsed.data[0], id: parsed.data[1] };
});

/** A `before` query parameter holding a conversation cursor. */
export const conversationCursorParam = z.string().transform((value, context): ConversationCursor => {
  const parsed = conversationKey.safeParse(decode(value));
  if (!parsed.success) {
    context.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  }
  return { lastMessageAt: parsed.data[0], createdAt: parsed.data[1], id: parsed.data[2] };
});

// PostgREST filters for "after the cursor in the sort order". A value is quoted so its punctuation (":", "+",
// ".") is never read as filter syntax.

/**
 * Rows strictly after `cursor` in (created_at desc, id desc): an upper bound the index can seek to
 * (created_at <= t), and the tie-break on id among equal timestamps.
 */
export function messagesAfter(cursor: MessageCursor): { lte: string; or: string } {
  const t = quoted(cursor.createdAt);
  return { lte: cursor.createdAt, or: `created_at.lt.${t},and(created_at.eq.${t},id.lt.${quoted(cursor.id)})` };
}

/** Rows strictly after `cursor` in (last_message_at desc nulls last, created_at desc, id desc). */
export function conversationsAfter(cursor: ConversationCursor): string {
  const c = quoted(cursor.createdAt);
  const sameActivityTail = `or(created_at.lt.${c},and(created_at.eq.${c},id.lt.${quoted(cursor.id)}))`;
  if (cursor.lastMessageAt === null) return `and(last_message_at.is.null,${sameActivityTail})`;
  const l = quoted(cursor.lastMessageAt);
  return `last_message_at.lt.${l},last_message_at.is.null,and(last_message_at.eq.${l},${sameActivityTail})`;
}

/**
 * Splits rows fetched with `limit + 1` into the page and the cursor of the next page (null when the extra row
 * is absent, i.e. this is the last page).
 */
export function splitPage<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => string,
): { rows: Row[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? cursorOf(last) : null };
}
