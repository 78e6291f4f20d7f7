// The [auth] settings of supabase/config.toml that the local Auth server honours, with supabase start's defaults.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "smol-toml";

export type EmailTemplateKind = "confirmation" | "recovery" | "email_change";
export type EmailTemplate = { subject: string; content: string | null };

export type AuthRateLimits = {
  /** Emails per hour, for the whole server (GoTrue counts them only while confirmations are on). */
  emailSent: number;
  /** Refresh-token grants per 5 minutes per client IP. */
  tokenRefresh: number;
  /** Sign-ups, password recoveries and resends per 5 minutes per client IP. */
  signInSignUps: number;
  /** /verify calls per 5 minutes per client IP. */
  tokenVerifications: number;
};

export type AuthConfig = {
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtExpiry: number;
  enableSignup: boolean;
  enableEmailSignup: boolean;
  enableConfirmations: boolean;
  minimumPasswordLength: number;
  /** Character sets of which a password needs one character each (password_requirements). */
  requiredCharacters: string[];
  maxFrequencySeconds: number;
  otpExpirySeconds: number;
  refreshTokenReuseInterval: number;
  rateLimit: AuthRateLimits;
  templates: Record<EmailTemplateKind, EmailTemplate>;
};

/** What a caller of startStack may set over config.toml (e.g. a test stack with confirmations on). */
export type AuthConfigOverrides = Partial<Omit<AuthConfig, "rateLimit" | "templates">> & {
  rateLimit?: Partial<AuthRateLimits>;
};

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SYMBOLS = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

/** The character sets the Supabase CLI hands GoTrue for each password_requirements value. */
export const PASSWORD_REQUIREMENTS: Record<string, string[]> = {
  "": [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

const DEFAULT_SUBJECTS: Record<EmailTemplateKind, string> = {
  confirmation: "Confirm Your Email",
  recovery: "Reset Your Password",
  email_change: "Confirm Email Change",
};

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  siteUrl: "http://127.0.0.1:3000",
  additionalRedirectUrls: [],
  jwtExpiry: 3600,
  enableSignup: true,
  enableEmailSignup: true,
  enableConfirmations: false,
  minimumPasswordLength: 6,
  requiredCharacters: [],
  maxFrequencySeconds: 1,
  otpExpirySeconds: 3600,
  refreshTokenReuseInterval: 10,
  rateLimit: { emailSent: 2, tokenRefresh: 150, signInSignUps: 30, tokenVerifications: 30 },
  templates: {
    confirmation: { subject: DEFAULT_SUBJECTS.confirmation, content: null },
    recovery: { subject: DEFAULT_SUBJECTS.recovery, content: null },
    email_change: { subject: DEFAULT_SUBJECTS.email_change, content: null },
  },
};

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Table) : {});

function configError(file: string, message: string): Error {
  return new Error(`${file}: ${message}`);
}

function pick<T>(file: string, t: Table, key: string, kind: "string" | "number" | "boolean", fallback: T): T {
  const v = t[key];
  if (v === undefined) return fallback;
  if (typeof v === "bigint" && kind === "number") return Number(v) as T;
  if (typeof v !== kind) throw configError(file, `${key} must be a ${kind}`);
  return v as T;
}

/** Go durations as config.toml writes max_frequency ("1s", "1m30s", "500ms"). */
export function parseDurationSeconds(value: string): number | null {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  let total = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(value)) !== null) total += Number(match[1]) * (units[match[2] ?? "s"] ?? 0);
  return re.lastIndex === 0 && value !== "" && /^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value) ? total : null;
}

function readTemplate(file: string, workdir: string, t: Table, kind: EmailTemplateKind): EmailTemplate {
  const subject = pick(file, t, "subject", "string", DEFAULT_SUBJECTS[kind]);
  const contentPath = pick<string | null>(file, t, "content_path", "string", null);
  if (contentPath === null) return { subject, content: null };
  try {
    return { subject, content: readFileSync(resolve(workdir, contentPath), "utf8") };
  } catch (err) {
    throw configError(file, `[auth.email.template.${kind}] content_path: ${(err as Error).message}`);
  }
}

/** Reads `<workdir>/supabase/config.toml` (defaults when it has no [auth]), then applies `overrides`. */
export function loadAuthConfig(workdir: string, overrides: AuthConfigOverrides = {}): AuthConfig {
  const file = resolve(workdir, "supabase", "config.toml");
  let doc: Table = {};
  try {
    doc = parse(readFileSync(file, "utf8")) as Table;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw configError(file, (err as Error).message);
  }
  const auth = table(doc.auth);
  const email = table(auth.email);
  const limits = table(auth.rate_limit);
  const templates = table(email.template);
  const d = DEFAULT_AUTH_CONFIG;

  const requirements = pick(file, auth, "password_requirements", "string", "");
  const requiredCharacters = PASSWORD_REQUIREMENTS[requirements];
  if (!requiredCharacters)
    throw configError(file, `password_requirements: unknown value ${JSON.stringify(requirements)}`);
  const frequencyText = pick(file, email, "max_frequency", "string", "1s");
  const maxFrequencySeconds = parseDurationSeconds(frequencyText);
  if (maxFrequencySeconds === null) throw configError(file, `max_frequency: not a duration: ${frequencyText}`);
  const redirects = auth.additional_redirect_urls ?? [];
  if (!Array.isArray(redirects) || redirects.some((u) => typeof u !== "string"))
    throw configError(file, "additional_redirect_urls must be a list of strings");

  const fromFile: AuthConfig = {
    siteUrl: pick(file, auth, "site_url", "string", d.siteUrl),
    additionalRedirectUrls: redirects as string[],
    jwtExpiry: pick(file, auth, "jwt_expiry", "number", d.jwtExpiry),
    enableSignup: pick(file, auth, "enable_signup", "boolean", d.enableSignup),
    enableEmailSignup: pick(file, email, "enable_signup", "boolean", d.enableEmailSignup),
    enableConfirmations: pick(file, email, "enable_confirmations", "boolean", d.enableConfirmations),
    minimumPasswordLength: pick(file, auth, "minimum_password_length", "number", d.minimumPasswordLength),
    requiredCharacters,
    maxFrequencySeconds,
    otpExpirySeconds: pick(file, email, "otp_expiry", "number", d.otpExpirySeconds),
    refreshTokenReuseInterval: pick(file, auth, "refresh_token_reuse_interval", "number", d.refreshTokenReuseInterval),
    rateLimit: {
      emailSent: pick(file, limits, "email_sent", "number", d.rateLimit.emailSent),
      tokenRefresh: pick(file, limits, "token_refresh", "number", d.rateLimit.tokenRefresh),
      signInSignUps: pick(file, limits, "sign_in_sign_ups", "number", d.rateLimit.signInSignUps),
      tokenVerifications: pick(file, limits, "token_verifications", "number", d.rateLimit.tokenVerifications),
    },
    templates: {
      confirmation: readTemplate(file, workdir, table(templates.confirmation), "confirmation"),
      recovery: readTemplate(file, workdir, table(templates.recovery), "recovery"),
      email_change: readTemplate(file, workdir, table(templates.email_change), "email_change"),
    },
  };
  const { rateLimit, ...rest } = overrides;
  return { ...fromFile, ...rest, rateLimit: { ...fromFile.rateLimit, ...rateLimit } };
}

export const CONFIRMATIONS_ENV = "LOCAL_SUPABASE_AUTH_ENABLE_CONFIRMATIONS";

/** `LOCAL_SUPABASE_AUTH_ENABLE_CONFIRMATIONS=true|false` over config.toml, for one run of a command. */
export function authOverridesFromEnv(env: Record<string, string | undefined>): AuthConfigOverrides {
  const value = env[CONFIRMATIONS_ENV];
  if (value === undefined || value === "") return {};
  if (value !== "true" && value !== "false")
    throw new Error(`${CONFIRMATIONS_ENV} must be "true" or "false", not ${JSON.stringify(value)}`);
  return { enableConfirmations: value === "true" };
}
