import { describe, expect, it } from "vitest";
import { compareConversations, mergeConversations } from "@/lib/messages/conversation-order";

const row = (id: string, last_message_at: string | null, created_at = "2026-01-01T00:00:00+00:00") => ({
  id,
  last_message_at,
  created_at,
});

describe("conversation order", () => {
  it("is newest activity first, microseconds count, no activity last, then created_at, then id (as PostgreSQL sorts uuids)", () => {
    const rows = [
      row("00000000-0000-4000-8000-000000000001", null),
      row("00000000-0000-4000-8000-000000000002", "2026-06-01T12:00:00.000001+00:00"),
      row("00000000-0000-4000-8000-000000000003", "2026-06-01T12:00:00+00:00"),
      row("00000000-0000-4000-8000-000000000004", "2026-06-01T12:00:00+00:00"),
      row("00000000-0000-4000-8000-000000000005", null, "2026-02-01T00:00:00+00:00"),
      row("00000000-0000-4000-8000-000000000006", "2026-06-01T12:00:00.5+00:00"),
    ];
    expect([...rows].sort(compareConversations).map((r) => r.id.slice(-1))).toEqual(["6", "2", "4", "3", "5", "1"]);
  });

  it("merges per-source pages into one list without duplicates", () => {
    const shared = row("00000000-0000-4000-8000-000000000009", "2026-06-02T00:00:00+00:00");
    const own = [shared, row("00000000-0000-4000-8000-000000000001", "2026-06-01T00:00:00+00:00")];
    const agency = [row("00000000-0000-4000-8000-000000000002", "2026-06-03T00:00:00+00:00"), shared];
    expect(mergeConversations([own, agency]).map((r) => r.id.slice(-1))).toEqual(["2", "9", "1"]);
  });
});
