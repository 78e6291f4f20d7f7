import { encodeAgencyCursor, type DirectoryPosition } from "@/lib/agencies/cursor";

export type DirectoryPage<Row> = {
  agencies: Row[];
  /** Cursor of the page before this one (pass it as `before`); null on the first page. */
  previous: string | null;
  /** Cursor of the page after this one (pass it as `after`); null on the last page. */
  next: string | null;
};

/**
 * The page among `rows` as agenciesPageQuery read them (`limit + 1` at most; backwards before a cursor), in
 * directory order, with the cursors of its neighbours. A page read after a cursor has one before it; a page
 * read before a cursor has one after it (the cursor's row, unless it was deleted since).
 */
export function directoryPage<Row extends { name: string; id: string }>(
  rows: Row[],
  limit: number,
  position: DirectoryPosition,
): DirectoryPage<Row> {
  const backwards = position !== null && "before" in position;
  const more = rows.length > limit;
  const agencies = rows.slice(0, limit);
  if (backwards) agencies.reverse();
  const first = agencies[0];
  const last = agencies.at(-1);
  const hasPrevious = backwards ? more : position !== null;
  const hasNext = backwards ? true : more;
  return {
    agencies,
    previous: hasPrevious && first ? encodeAgencyCursor(first) : null,
    next: hasNext && last ? encodeAgencyCursor(last) : null,
  };
}
