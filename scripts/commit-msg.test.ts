import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const hook = join(import.meta.dirname, "..", ".githooks", "commit-msg");

function check(message: string) {
  const file = join(mkdtempSync(join(tmpdir(), "commit-msg-")), "COMMIT_EDITMSG");
  writeFileSync(file, message);
  return spawnSync("sh", [hook, file], { encoding: "utf8" });
}

describe("the commit-msg hook (.githooks/commit-msg)", () => {
  it("accepts a subject of 72 characters with a body after a blank line", () => {
    expect(check(`${"x".repeat(72)}\n\nDetails.\n`).status).toBe(0);
  });

  it("counts characters, not bytes", () => {
    expect(check(`${"é".repeat(72)}\n`).status).toBe(0);
  });

  it("refuses a subject of 73 characters and says why", () => {
    const result = check(`${"x".repeat(73)}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("73 characters");
  });

  it("refuses a body that starts on the second line", () => {
    expect(check("Subject\nbody right below\n").status).toBe(1);
  });

  it("ignores git's comment lines", () => {
    expect(check(`# ${"x".repeat(100)}\nShort subject\n`).status).toBe(0);
  });
});
