import { describe, expect, it } from "vitest";
import { encodeMessageCursor } from "@/lib/messages/cursor";
import { compareMessages, cursorAfter, mergeMessages } from "@/lib/messages/live/merge-messages";
import type { ThreadMessage } from "@/lib/messages/live/thread-labels";

function message(id: string, createdAt: string, clientMessageId = `client-${id}`): ThreadMessage {
  return {
    id,
    clientMessageId,
    body: `body ${id}`,
    createdAt,
    fromViewer: false,
    senderLabel: "Bob",
    senderDetail: null,
  };
}

const a = message("00000000-0000-4000-8000-00000000000a", "2026-12-02T04:31:23.100000+00:00");
const b = message("00000000-0000-4000-8000-00000000000b", "2026-12-02T04:31:23.200000+00:00");
const c = message("00000000-0000-4000-8000-00000000000c", "2026-12-02T04:31:23.300000+00:00");

describe("mergeMessages", () => {
  it("adds new messages in thread order, whatever order they arrive in", () => {
    expect(mergeMessages([a], [c, b]).map((m) => m.id)).toEqual([a.id, b.id, c.id]);
  });

  it("shows a message once when it arrives again by id (broadcast, then catch-up)", () => {
    const once = mergeMessages([a], [b]);
    expect(mergeMessages(once, [b, { ...b }])).toBe(once);
    expect(mergeMessages([], [b, b, b])).toHaveLength(1);
  });

  it("shows the sender's own message once when it comes back under its client_message_id", () => {
    const fromReplyBox = message("00000000-0000-4000-8000-0000000000bb", b.createdAt, b.clientMessageId);
    expect(mergeMessages([a, fromReplyBox], [b])).toEqual([a, fromReplyBox]);
  });

  it("returns the same array when nothing is new, so React skips the render", () => {
    const shown = [a, b];
    expect(mergeMessages(shown, [a])).toBe(shown);
    expect(mergeMessages(shown, [])).toBe(shown);
  });

  it("keeps exactly one copy of each of 500 messages delivered twice, out of order", () => {
    const all = Array.from({ length: 500 }, (_, i) =>
      message(
        `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        new Date(Date.UTC(2026, 11, 2, 4, 0, 0, i)).toISOString(),
      ),
    );
    let shown: ThreadMessage[] = [];
    for (const m of [...all].reverse()) shown = mergeMessages(shown, [m]);
    shown = mergeMessages(shown, all);
    expect(shown.map((m) => m.id)).toEqual(all.map((m) => m.id));
  });
});

describe("compareMessages", () => {
  it("orders by microseconds within one millisecond, then by id", () => {
    const early = message("00000000-0000-4000-8000-000000000002", "2026-12-02T04:31:23.100001+00:00");
    const late = message("00000000-0000-4000-8000-000000000001", "2026-12-02T04:31:23.100002+00:00");
    const tie = message("00000000-0000-4000-8000-000000000003", late.createdAt);
    expect([tie, late, early].sort(compareMessages)).toEqual([early, late, tie]);
  });
});

describe("cursorAfter", () => {
  it("is the API's cursor of the newest message", () => {
    expect(cursorAfter([a, b])).toBe(encodeMessageCursor({ created_at: b.createdAt, id: b.id }));
    expect(cursorAfter([])).toBeNull();
  });
});
