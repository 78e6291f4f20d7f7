/**
 * `next=` values that must never send a signed-in user off-site: each one resolves (after the browser's or
 * the URL parser's normalisation) to another host, or uses a scheme. Used by the unit test of safeNextPath
 * and, through the real sign-in page, by the reliability suite.
 */
export const HOSTILE_NEXT_PATHS: readonly (readonly [name: string, value: string])[] = [
  ["protocol-relative URL", "//evil.example"],
  ["protocol-relative URL with path", "//evil.example/agencies"],
  ["three slashes", "///evil.example"],
  ["backslash host", "/\\evil.example"],
  ["absolute https URL", "https://evil.example/agencies"],
  ["javascript: URL", "javascript:alert(1)"],
  ["tab that browsers strip", "/\t/evil.example"],
  ["dot segment before a double slash", "/.//evil.example"],
  ["encoded dot segment before a double slash", "/%2e//evil.example"],
  ["encoded upper-case dot segment", "/%2E//evil.example"],
  ["parent segment before a double slash", "/a/..//evil.example"],
  ["encoded parent segment", "/%2e%2e//evil.example"],
  ["mixed parent segment", "/a/.%2e//evil.example"],
  ["dot segments then a double slash with a path", "/././/evil.example/messages"],
  ["dot segment, double slash and credentials", "/.//user:pass@evil.example"],
];
