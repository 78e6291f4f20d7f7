import { describe, expect, it } from "vitest";
import { agencyCursorParam, encodeAgencyCursor } from "@/lib/agencies/cursor";
import { directoryPage } from "@/lib/agencies/directory-page";

// Rows as agenciesPageQuery returns them: in directory order, or reversed when read before a cursor.
const row = (n: number) => ({ name: `Agency ${n}`, id: `a0000000-0000-4000-8000-00000000000${n}` });
const rows = (...ns: number[]) => ns.map(row);
const key = (n: number) => encodeAgencyCursor(row(n));
const at = (n: number) => agencyCursorParam.parse(key(n));

describe("directoryPage", () => {
  it("the first page: no Previous; Next only when the extra row came back", () => {
    expect(directoryPage(rows(1, 2, 3), 2, null)).toEqual({ agencies: rows(1, 2), previous: null, next: key(2) });
    expect(directoryPage(rows(1, 2), 2, null)).toEqual({ agencies: rows(1, 2), previous: null, next: null });
    expect(directoryPage([], 2, null)).toEqual({ agencies: [], previous: null, next: null });
  });

  it("after a cursor: Previous from its first row; Next only when the extra row came back", () => {
    expect(directoryPage(rows(3, 4, 5), 2, { after: at(2) })).toEqual({
      agencies: rows(3, 4),
      previous: key(3),
      next: key(4),
    });
    expect(directoryPage(rows(5), 2, { after: at(4) })).toEqual({ agencies: rows(5), previous: key(5), next: null });
    expect(directoryPage([], 2, { after: at(5) })).toEqual({ agencies: [], previous: null, next: null });
  });

  it("before a cursor: the rows back in directory order, Next from the last, Previous when more lie before", () => {
    expect(directoryPage(rows(4, 3, 2), 2, { before: at(5) })).toEqual({
      agencies: rows(3, 4),
      previous: key(3),
      next: key(4),
    });
    expect(directoryPage(rows(2, 1), 2, { before: at(3) })).toEqual({
      agencies: rows(1, 2),
      previous: null,
      next: key(2),
    });
  });
});
