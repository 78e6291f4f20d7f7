import { it } from "vitest";

/** `it` for tests that run shell-script stand-ins; on Windows they are skipped, and the reason is printed once. */
export function itOnPosix(reason: string) {
  if (process.platform !== "win32") return it;
  console.log(`skipped on Windows: ${reason}`);
  return it.skip;
}
