import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { HOSTILE_NEXT_PATHS } from "@/tests/support/hostile-next-paths";

describe("safeNextPath", () => {
  it.each([
    ["/", "/"],
    ["/agencies", "/agencies"],
    ["/agencies/acme-travel", "/agencies/acme-travel"],
    ["/messages?tab=all#latest", "/messages?tab=all#latest"],
    ["/login?next=%2Fmessages", "/login?next=%2Fmessages"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-origin path %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    ["protocol-relative URL", "//evil.example"],
    ["protocol-relative URL with path", "//evil.example/agencies"],
    ["backslash host", "/\\evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash later on", "/agencies\\..\\..\\evil"],
    ["absolute http URL", "http://evil.example/"],
    ["absolute https URL", "https://evil.example/agencies"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["scheme without slashes", "http:evil.example"],
    ["relative path", "agencies"],
    ["dot path", "./agencies"],
    ["tab that browsers strip", "/\t/evil.example"],
    ["newline that browsers strip", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["NUL", "/agencies\u0000"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["leading space", " /agencies"],
    ["non-breaking space", "/\u00a0/evil.example"],
    ["empty string", ""],
    ["three slashes", "///evil.example"],
  ])("rejects a %s", (_name, input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it.each(HOSTILE_NEXT_PATHS)("never returns a path that leaves the site: %s", (_name, input) => {
    const result = safeNextPath(input);
    expect(new URL(result, "http://same-origin.invalid").origin).toBe("http://same-origin.invalid");
    expect(result.startsWith("//")).toBe(false);
  });

  it("keeps a harmless dot segment's result on the site", () => {
    expect(safeNextPath("/agencies/./acme-travel")).toBe("/agencies/acme-travel");
  });

  it.each([undefined, null, 42, ["/agencies"], { path: "/" }])("rejects the non-string %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it("rejects absurdly long values", () => {
    expect(safeNextPath(`/${"a".repeat(5000)}`)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeNextPath("//evil.example", "/agencies")).toBe("/agencies");
  });
});
