// The settings of an already running Supabase, as `supabase status -o env` prints them, for `npm run
// test:supabase` (scripts/test-supabase.ts) and the suites it runs (TEST_AGAINST_RUNNING_SUPABASE=1).

/** Set by `npm run test:supabase`: the suites use the running Supabase these settings name, and start none. */
export const RUNNING_SUPABASE_FLAG = "TEST_AGAINST_RUNNING_SUPABASE";

export type RunningSupabase = {
  apiUrl: string;
  dbUrl: string;
  /** PUBLISHABLE_KEY, or the legacy ANON_KEY. */
  publishableKey: string;
  /** SECRET_KEY, or the legacy SERVICE_ROLE_KEY. */
  secretKey: string;
  /** Every variable given, as named by `supabase status -o env`. */
  env: Record<string, string>;
};

/** The variables of `supabase status -o env` the suites read; the rest of its output is ignored. */
export const SETTING_NAMES = [
  "API_URL",
  "DB_URL",
  "PUBLISHABLE_KEY",
  "ANON_KEY",
  "SECRET_KEY",
  "SERVICE_ROLE_KEY",
  "JWT_SECRET",
] as const;

/** `KEY="value"` lines (the `-o env` format; quotes optional, `#` comments and other lines ignored). */
export function parseEnvOutput(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const raw = match[2]!.trim();
    const quoted = /^"(.*)"$/.exec(raw) ?? /^'(.*)'$/.exec(raw);
    values[match[1]!] = quoted ? quoted[1]!.replace(/\\"/g, '"').replace(/\\\\/g, "\\") : raw;
  }
  return values;
}

/** The settings in `source`, or the names that are missing (one of each pair of keys is enough). */
export function readRunningSupabase(
  source: Record<string, string | undefined>,
): { ok: true; supabase: RunningSupabase } | { ok: false; missing: string[] } {
  const get = (name: string) => source[name] || undefined;
  const apiUrl = get("API_URL");
  const dbUrl = get("DB_URL");
  const publishableKey = get("PUBLISHABLE_KEY") ?? get("ANON_KEY");
  const secretKey = get("SECRET_KEY") ?? get("SERVICE_ROLE_KEY");
  const missing = [
    apiUrl ? null : "API_URL",
    dbUrl ? null : "DB_URL",
    publishableKey ? null : "PUBLISHABLE_KEY (or ANON_KEY)",
    secretKey ? null : "SECRET_KEY (or SERVICE_ROLE_KEY)",
  ].filter((name): name is string => name !== null);
  if (missing.length > 0 || !apiUrl || !dbUrl || !publishableKey || !secretKey) return { ok: false, missing };
  const env: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const value = get(name);
    if (value) env[name] = value;
  }
  return { ok: true, supabase: { apiUrl: apiUrl.replace(/\/+$/, ""), dbUrl, publishableKey, secretKey, env } };
}
