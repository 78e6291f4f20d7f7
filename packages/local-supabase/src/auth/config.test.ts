import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { authOverridesFromEnv, DEFAULT_AUTH_CONFIG, loadAuthConfig, parseDurationSeconds } from "./config.ts";

const dirs: string[] = [];
async function project(toml: string | null, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "auth-config-"));
  dirs.push(dir);
  await mkdir(join(dir, "supabase", "templates"), { recursive: true });
  if (toml !== null) await writeFile(join(dir, "supabase", "config.toml"), toml);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("loadAuthConfig", () => {
  it("reads the [auth] settings the flows depend on", async () => {
    const dir = await project(
      `[auth]
site_url = "http://localhost:4000"
additional_redirect_urls = ["https://app.example.com/**"]
jwt_expiry = 600
enable_signup = false
minimum_password_length = 10
password_requirements = "lower_upper_letters_digits"
[auth.rate_limit]
email_sent = 7
sign_in_sign_ups = 3
[auth.email]
enable_confirmations = true
max_frequency = "1m30s"
otp_expiry = 120
[auth.email.template.recovery]
subject = "Reset it"
content_path = "./supabase/templates/recovery.html"
`,
      { "supabase/templates/recovery.html": "<a href='{{ .ConfirmationURL }}'>reset</a>" },
    );
    const config = loadAuthConfig(dir);
    expect(config).toMatchObject({
      siteUrl: "http://localhost:4000",
      additionalRedirectUrls: ["https://app.example.com/**"],
      jwtExpiry: 600,
      enableSignup: false,
      enableConfirmations: true,
      minimumPasswordLength: 10,
      maxFrequencySeconds: 90,
      otpExpirySeconds: 120,
      rateLimit: { emailSent: 7, signInSignUps: 3, tokenRefresh: 150, tokenVerifications: 30 },
    });
    expect(config.requiredCharacters).toHaveLength(3);
    expect(config.templates.recovery).toEqual({
      subject: "Reset it",
      content: "<a href='{{ .ConfirmationURL }}'>reset</a>",
    });
    expect(config.templates.confirmation.content).toBeNull();
  });

  it("without a config.toml: supabase start's defaults; overrides win over the file", async () => {
    const dir = await project(null);
    expect(loadAuthConfig(dir)).toEqual(DEFAULT_AUTH_CONFIG);
    const overridden = loadAuthConfig(dir, { enableConfirmations: true, rateLimit: { emailSent: 100 } });
    expect(overridden.enableConfirmations).toBe(true);
    expect(overridden.rateLimit).toEqual({ ...DEFAULT_AUTH_CONFIG.rateLimit, emailSent: 100 });
  });

  it("names the file and the setting when a value is wrong", async () => {
    const bad = await project(`[auth]\npassword_requirements = "strong"\n`);
    expect(() => loadAuthConfig(bad)).toThrow(/config\.toml: password_requirements: unknown value "strong"/);
    const missing = await project(`[auth.email.template.confirmation]\ncontent_path = "./nope.html"\n`);
    expect(() => loadAuthConfig(missing)).toThrow(/\[auth\.email\.template\.confirmation\] content_path/);
    const wrongType = await project(`[auth]\nenable_signup = "yes"\n`);
    expect(() => loadAuthConfig(wrongType)).toThrow(/enable_signup must be a boolean/);
  });

  it("reads this repository's config.toml and its templates", () => {
    const config = loadAuthConfig(join(import.meta.dirname, "../../../.."));
    expect(config.templates.confirmation.content).toContain("token_hash={{ .TokenHash }}");
    expect(config.templates.recovery.content).toContain("type=recovery");
  });
});

describe("parseDurationSeconds / authOverridesFromEnv", () => {
  it("parses Go durations and refuses anything else", () => {
    expect(parseDurationSeconds("1s")).toBe(1);
    expect(parseDurationSeconds("2m")).toBe(120);
    expect(parseDurationSeconds("500ms")).toBe(0.5);
    expect(parseDurationSeconds("1h")).toBe(3600);
    expect(parseDurationSeconds("10")).toBeNull();
    expect(parseDurationSeconds("")).toBeNull();
  });

  it("takes true or false only", () => {
    expect(authOverridesFromEnv({})).toEqual({});
    expect(authOverridesFromEnv({ LOCAL_SUPABASE_AUTH_ENABLE_CONFIRMATIONS: "true" })).toEqual({
      enableConfirmations: true,
    });
    expect(() => authOverridesFromEnv({ LOCAL_SUPABASE_AUTH_ENABLE_CONFIRMATIONS: "yes" })).toThrow(
      /"true" or "false"/,
    );
  });
});
