import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));
const preflight = "node scripts/check-node.cjs";
const scripts = (
  JSON.parse(readFileSync(new URL("package.json", `file://${root}`), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

// An old Node.js to refuse: Debian's system node (20) where there is one. Without it the refusal cannot be
// shown here; the test says so instead of passing silently.
const oldNode = "/usr/bin/node";
const oldNodeVersion = existsSync(oldNode) ? spawnSync(oldNode, ["--version"], { encoding: "utf8" }).stdout.trim() : "";
const hasOldNode = /^v(\d+)\.(\d+)/.test(oldNodeVersion) && !supported(oldNodeVersion);
const oldNpm = "/usr/lib/node_modules/npm/bin/npm-cli.js";
if (!hasOldNode) console.warn(`skipping the refusal tests: no Node.js older than 22.18 at ${oldNode}`);

function supported(version: string): boolean {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major! > 22 || (major === 22 && minor! >= 18);
}

const refusal =
  /^This project needs Node\.js 22\.18 or newer; this is Node\.js v\d+\.\d+\.\d+\. Run `nvm use` \(or install the version in \.nvmrc\) and try again\.\n$/;

describe("Node.js preflight (scripts/check-node.cjs)", () => {
  it("runs first in every npm script and before npm install", () => {
    expect(scripts.preinstall).toBe(preflight);
    for (const [name, command] of Object.entries(scripts)) {
      if (name !== "preinstall") expect(command, name).toMatch(/^node scripts\/check-node\.cjs && /);
    }
  });

  it("lets this Node.js through without a word", () => {
    const run = spawnSync(process.execPath, ["scripts/check-node.cjs"], { cwd: root, encoding: "utf8" });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
  });

  it.skipIf(!hasOldNode)(`refuses ${oldNodeVersion || "an old Node.js"} in one line naming .nvmrc, exit code 1`, () => {
    const run = spawnSync(oldNode, ["scripts/check-node.cjs"], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(refusal);
    expect(run.stderr).toContain(oldNodeVersion);
  });

  it.skipIf(!hasOldNode || !existsSync(oldNpm))(
    "stops `npm run` on the old Node.js before the script's own command",
    () => {
      const run = spawnSync(oldNode, [oldNpm, "run", "--silent", "typecheck"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` },
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr.split("\n").filter((line) => refusal.test(`${line}\n`))).toHaveLength(1);
      expect(run.stdout).not.toContain("error TS");
    },
  );

  it.skipIf(!hasOldNode || !existsSync(oldNpm))(
    "`npm install` on the old Node.js refuses before installing anything (engine-strict)",
    () => {
      const copy = mkdtempSync(join(tmpdir(), "check-node-"));
      try {
        mkdirSync(join(copy, "scripts"));
        for (const file of ["package.json", "package-lock.json", ".npmrc", ".nvmrc", "scripts/check-node.cjs"]) {
          copyFileSync(join(root, file), join(copy, file));
        }
        const run = spawnSync(oldNode, [oldNpm, "install", "--no-audit", "--no-fund"], {
          cwd: copy,
          encoding: "utf8",
          env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` },
        });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain('Required: {"node":">=22.18"}');
        expect(existsSync(join(copy, "node_modules"))).toBe(false);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );
});
