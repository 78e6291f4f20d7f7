// The one order of conversation lists: newest activity first (last_message_at desc, conversations without
// messages last), then created_at desc, then id desc, exactly as PostgreSQL orders them for the keyset pages.

type SortKey = { last_message_at: string | null; created_at: string; id: string };

/** Microseconds since the epoch of a PostgREST timestamp (Date keeps milliseconds only). */
function micros(iso: string): bigint {
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? "";
  const whole = Date.parse(iso.replace(/\.\d+/, ""));
  return BigInt(whole) * 1000n + BigInt((fraction + "000000").slice(0, 6));
}

function compareDesc(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

/** Negative when `a` comes first. */
export function compareConversations(a: SortKey, b: SortKey): number {
  if (a.last_message_at !== b.last_message_at) {
    if (a.last_message_at === null) return 1;
    if (b.last_message_at === null) return -1;
    const byActivity = compareDesc(micros(a.last_message_at), micros(b.last_message_at));
    if (byActivity !== 0) return byActivity;
  }
  const byCreation = compareDesc(micros(a.created_at), micros(b.created_at));
  if (byCreation !== 0) return byCreation;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

/** Merges lists that are each in that order into one, without duplicates (by id). */
export function mergeConversations<Row extends SortKey>(lists: Row[][]): Row[] {
  const byId = new Map<string, Row>();
  for (const row of lists.flat()) byId.set(row.id, row);
  return [...byId.values()].sort(compareConversations);
}
