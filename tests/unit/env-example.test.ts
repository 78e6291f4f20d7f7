import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const skipped = new Set(["node_modules", ".git", ".next", ".supabase-local", "test-results", "playwright-report"]);
/** Read from the environment but not settings of this project. */
// NODE_ENV: set by Next.js and the test runners; NODE_OPTIONS: Node's own, extended by the bench for its app server.
const notSettings = new Set(["PATH", "NODE_ENV", "NODE_OPTIONS"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skipped.has(name) || name.startsWith(".next")) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?[jt]sx?)$/.test(name) ? [path] : [];
  });
}

describe(".env.example", () => {
  it("documents every setting the code reads from process.env", () => {
    const documented = new Set(
      [...readFileSync(join(root, ".env.example"), "utf8").matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]),
    );
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[["']([A-Z][A-Z0-9_]*)["']\])/g)) {
        const name = match[1] ?? match[2]!;
        if (!documented.has(name) && !notSettings.has(name)) missing.push(`${name} (${relative(root, file)})`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
