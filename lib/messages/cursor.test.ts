import { describe, expect, it } from "vitest";
import {
  conversationCursorParam,
  conversationsAfter,
  encodeConversationCursor,
  encodeMessageCursor,
  messageCursorParam,
  messagesAfter,
  splitPage,
} from "@/lib/messages/cursor";

const id = "c0000000-0000-4000-8000-000000000001";

describe("message cursors", () => {
  it("round-trip a row's (created_at, id)", () => {
    const row = { created_at: "2026-11-27T10:00:00.123456+00:00", id };
    expect(messageCursorParam.parse(encodeMessageCursor(row))).toEqual({ createdAt: row.created_at, id });
  });

  it.each([
    ["not base64url", "%%%"],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["a JSON object", Buffer.from('{"a":1}').toString("base64url")],
    ["a bad timestamp", Buffer.from(JSON.stringify(["yesterday", id])).toString("base64url")],
    ["a bad id", Buffer.from(JSON.stringify(["2026-11-27T10:00:00+00:00", "1 or 1=1"])).toString("base64url")],
    ["too many parts", Buffer.from(JSON.stringify(["2026-11-27T10:00:00+00:00", id, 1])).toString("base64url")],
    [
      "a conversation cursor",
      encodeConversationCursor({ last_message_at: null, created_at: "2026-11-27T10:00:00Z", id }),
    ],
    ["empty", ""],
  ])("refuse %s", (_, value) => {
    const parsed = messageCursorParam.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("is not a cursor from a previous page");
  });

  it("select rows strictly after the cursor: an index bound, then the id among equal timestamps", () => {
    expect(messagesAfter({ createdAt: "2026-11-27T10:00:00+00:00", id })).toEqual({
      lte: "2026-11-27T10:00:00+00:00",
      or: `created_at.lt."2026-11-27T10:00:00+00:00",and(created_at.eq."2026-11-27T10:00:00+00:00",id.lt."${id}")`,
    });
  });
});

describe("conversation cursors", () => {
  it("round-trip a conversation without messages (last_message_at null)", () => {
    const row = { last_message_at: null, created_at: "2026-11-27T10:00:00+00:00", id };
    const cursor = conversationCursorParam.parse(encodeConversationCursor(row));
    expect(cursor).toEqual({ lastMessageAt: null, createdAt: row.created_at, id });
    // Nulls sort last: after a null-activity row come only null-activity rows.
    expect(conversationsAfter(cursor)).toBe(
      `and(last_message_at.is.null,or(created_at.lt."${row.created_at}",and(created_at.eq."${row.created_at}",id.lt."${id}")))`,
    );
  });

  it("refuse a message cursor", () => {
    expect(
      conversationCursorParam.safeParse(encodeMessageCursor({ created_at: "2026-11-27T10:00:00Z", id })).success,
    ).toBe(false);
  });
});

describe("splitPage", () => {
  const key = (n: number) => `k${n}`;
  it("hands out the last row's cursor only when the extra row came back", () => {
    expect(splitPage([1, 2, 3], 2, key)).toEqual({ rows: [1, 2], next: "k2" });
    expect(splitPage([1, 2], 2, key)).toEqual({ rows: [1, 2], next: null });
    expect(splitPage([], 2, key)).toEqual({ rows: [], next: null });
  });
});
