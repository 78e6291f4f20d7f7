import { describe, expect, it } from "vitest";
import { displayNameSchema } from "./display-name";

describe("displayNameSchema mirrors the database's display-name rule", () => {
  it.each([
    ["plain", "Bob Traveller", "Bob Traveller"],
    ["trimmed", "  Bob  ", "Bob"],
    ["80 characters", "a".repeat(80), "a".repeat(80)],
    ["80 astral characters (counted as characters, not UTF-16 units)", "😀".repeat(80), "😀".repeat(80)],
    ["accents and scripts", "Zoë Ωmega 東京", "Zoë Ωmega 東京"],
  ])("accepts %s", (_name, input, expected) => {
    expect(displayNameSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["only Unicode whitespace (no-break and ideographic spaces)", "\u00a0\u3000\u2003"],
    ["81 characters", "a".repeat(81)],
    ["a line break", "Bob\nSmith"],
    ["an escape sequence", "Bob\u001b[2J"],
    ["a C1 control character", "Bob\u0085"],
    ["a right-to-left override", "Bob\u202egnp.exe"],
    ["a zero-width space", "Bob\u200b"],
    ["a non-string", 42],
  ])("refuses %s", (_name, input) => {
    expect(displayNameSchema.safeParse(input).success).toBe(false);
  });
});
