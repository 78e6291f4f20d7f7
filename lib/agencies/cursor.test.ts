import { describe, expect, it } from "vitest";
import { agenciesBeyond, agencyCursorParam, directoryPosition, encodeAgencyCursor } from "@/lib/agencies/cursor";
import { encodeConversationCursor } from "@/lib/messages/cursor";

const id = "a0000000-0000-4000-8000-000000000001";
const wrap = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("agency cursors", () => {
  it.each([
    ["a plain name", "Acme Travel"],
    ["filter punctuation and quotes", 'Fjord & Fell, "Adventures" (Ltd.): a\\b'],
    ["characters outside the BMP, 120 of them", "🧭".repeat(120)],
    ["control characters, 120 of them", "\u0001".repeat(120)],
  ])("round-trip a row's (name, id) with %s", (_, name) => {
    expect(agencyCursorParam.parse(encodeAgencyCursor({ name, id }))).toEqual({ name, id });
  });

  it.each([
    ["not base64url", "%%%"],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["a JSON object", wrap({ name: "Acme", id })],
    ["an empty name", wrap(["", id])],
    ["a name longer than 120 characters", wrap(["a".repeat(121), id])],
    ["a name that is not a string", wrap([1, id])],
    ["a bad id", wrap(["Acme", "1 or 1=1"])],
    ["too many parts", wrap(["Acme", id, 1])],
    [
      "a conversation cursor",
      encodeConversationCursor({ last_message_at: null, created_at: "2026-11-27T10:00:00Z", id }),
    ],
    ["longer than any cursor the app makes", "A".repeat(1025)],
    ["empty", ""],
  ])("refuse %s", (_, value) => {
    const parsed = agencyCursorParam.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("is not a cursor from a previous page");
  });

  it("select agencies strictly after the cursor: a name bound, then the id among equal names", () => {
    expect(agenciesBeyond({ name: "Acme Travel", id }, "after")).toEqual({
      bound: "gte",
      name: "Acme Travel",
      or: `name.gt."Acme Travel",and(name.eq."Acme Travel",id.gt."${id}")`,
    });
  });

  it("select agencies strictly before the cursor, with quotes and backslashes escaped inside the filter", () => {
    expect(agenciesBeyond({ name: 'Say "hi", (a\\b)', id }, "before")).toEqual({
      bound: "lte",
      name: 'Say "hi", (a\\b)',
      or: `name.lt."Say \\"hi\\", (a\\\\b)",and(name.eq."Say \\"hi\\", (a\\\\b)",id.lt."${id}")`,
    });
  });
});

describe("directoryPosition", () => {
  const cursor = encodeAgencyCursor({ name: "Acme Travel", id });
  const key = { name: "Acme Travel", id };

  it("reads after, or else before, from the search parameters", () => {
    expect(directoryPosition({})).toBeNull();
    expect(directoryPosition({ after: cursor })).toEqual({ after: key });
    expect(directoryPosition({ before: cursor })).toEqual({ before: key });
  });

  it("shows the first page for a cursor that does not parse, or a repeated parameter", () => {
    expect(directoryPosition({ after: "garbage" })).toBeNull();
    expect(directoryPosition({ before: wrap(["Acme", "not-a-uuid"]) })).toBeNull();
    expect(directoryPosition({ after: [cursor, cursor] })).toBeNull();
  });
});
