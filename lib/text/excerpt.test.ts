import { describe, expect, it } from "vitest";
import { excerpt } from "@/lib/text/excerpt";

describe("excerpt", () => {
  it("keeps short texts whole", () => {
    expect(excerpt("Small-group hiking.", 140)).toBe("Small-group hiking.");
  });

  it("cuts long texts at a word boundary and adds an ellipsis", () => {
    const result = excerpt("Tailor-made city breaks and long weekends across Europe, booked as one itinerary.", 40);
    expect(result).toBe("Tailor-made city breaks and long…");
    expect(result.length).toBeLessThanOrEqual(40);
  });

  it("collapses line breaks and runs of spaces", () => {
    expect(excerpt("Hello\n\n  there", 140)).toBe("Hello there");
  });

  it("cuts a single long word hard", () => {
    expect(excerpt("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
