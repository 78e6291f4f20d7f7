// Contract: the local Auth server's rate limits ([auth.rate_limit]) and hostile sign-up input, answered as
// Supabase Auth answers them (429 over_email_send_rate_limit / over_request_rate_limit, 4xx) with nothing created.
// On a stack of its own with confirmations on and small limits, so the counts are this file's alone.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, createThrowawayDatabase, startStack, type Stack } from "local-supabase";
import { sql } from "./support/stack.ts";

let stack: Stack;
let dataDir: string;
let db: Awaited<ReturnType<typeof createThrowawayDatabase>> | null = null;
const EMAIL_SENT = 2;
const SIGN_IN_SIGN_UPS = 5;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "it-auth-limits-"));
  db = process.env.DATABASE_URL ? await createThrowawayDatabase(process.env.DATABASE_URL, "it_auth_limits") : null;
  stack = await startStack({
    databaseUrl: db?.url,
    dataDir,
    pgliteDir: "memory://",
    ports: "auto",
    auth: {
      enableConfirmations: true,
      rateLimit: { emailSent: EMAIL_SENT, signInSignUps: SIGN_IN_SIGN_UPS },
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** POST to Auth as a client at `ip` (X-Forwarded-For, what hosted Supabase limits by). */
const post = (path: string, body: unknown, ip: string) =>
  fetch(`${stack.apiUrl}/auth/v1${path}`, {
    method: "POST",
    headers: {
      apikey: PUBLISHABLE_KEY,
      "content-type": "application/json",
      "x-supabase-api-version": "2024-01-01",
      "x-forwarded-for": ip,
    },
    body: JSON.stringify(body),
  });

const usersNamed = async (emails: string[]) =>
  sql<{ email: string }>(stack.dbUrl, "select email from auth.users where lower(email) = any($1)", [
    emails.map((e) => e.toLowerCase()),
  ]);

describe("rate limits", () => {
  it("email_sent per hour: the mail after the limit → 429 over_email_send_rate_limit and no user", async () => {
    const emails = Array.from(
      { length: EMAIL_SENT + 1 },
      (_, i) => `limit-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`,
    );
    const answers = [];
    for (const [i, email] of emails.entries()) {
      answers.push(await post("/signup", { email, password: "password123" }, `10.1.0.${i}`));
    }
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(EMAIL_SENT).fill(200), 429]);
    expect(await answers[EMAIL_SENT]!.json()).toEqual({
      code: "over_email_send_rate_limit",
      message: "email rate limit exceeded",
    });
    expect((await usersNamed(emails)).map((u) => u.email).sort()).toEqual(emails.slice(0, EMAIL_SENT).sort());

    const viaJs = await createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } }).auth.signUp({
      email: `limit-js-${crypto.randomUUID().slice(0, 6)}@example.com`,
      password: "password123",
    });
    expect(viaJs.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
  });

  it("sign_in_sign_ups per 5 minutes and client IP → 429 over_request_rate_limit; another IP is not affected", async () => {
    const ip = "10.2.0.1";
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_SIGN_UPS; i++) {
      // Unknown addresses: recovery answers {} and sends no mail, so only the request limit counts.
      statuses.push((await post("/recover", { email: `nobody-${i}@example.com` }, ip)).status);
    }
    expect(statuses).toEqual([...Array<number>(SIGN_IN_SIGN_UPS).fill(200), 429]);
    const over = await post("/recover", { email: "nobody@example.com" }, ip);
    expect(await over.json()).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    expect((await post("/recover", { email: "nobody@example.com" }, "10.2.0.2")).status).toBe(200);
  });
});

describe("hostile sign-up input: 4xx, nothing created", () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    [
      "an over-long address",
      { email: `${"a".repeat(300)}@example.com`, password: "password123" },
      400,
      "validation_failed",
    ],
    ["a Unicode address", { email: "jöhn@exämple.com", password: "password123" }, 400, "validation_failed"],
    [
      "an injection-shaped address",
      { email: "x'; drop table auth.users;--@example.com", password: "password123" },
      400,
      "validation_failed",
    ],
    [
      "an address with a newline",
      { email: "a@example.com\nbcc: b@example.com", password: "password123" },
      400,
      "validation_failed",
    ],
    ["a password over 72 bytes", { email: "long-pw@example.com", password: "é".repeat(40) }, 400, "validation_failed"],
    ["no password", { email: "no-pw@example.com" }, 400, "validation_failed"],
    ["a short password", { email: "short-pw@example.com", password: "12345" }, 422, "weak_password"],
    [
      "a password that is not a string",
      { email: "obj-pw@example.com", password: { $ne: "" } },
      400,
      "validation_failed",
    ],
    [
      "email and phone",
      { email: "both@example.com", phone: "+15555550100", password: "password123" },
      400,
      "validation_failed",
    ],
  ];
  for (const [what, body, status, code] of cases) {
    it(what, async () => {
      const before = await sql<{ n: string }>(stack.dbUrl, "select count(*) as n from auth.users");
      const res = await post("/signup", body, `10.3.${status}.${cases.findIndex((c) => c[0] === what)}`);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { code: string }).code).toBe(code);
      const after = await sql<{ n: string }>(stack.dbUrl, "select count(*) as n from auth.users");
      expect(after).toEqual(before);
    });
  }

  it("a body that is not JSON → 400 bad_json; a body over 1 MB → 413", async () => {
    const notJson = await fetch(`${stack.apiUrl}/auth/v1/signup`, {
      method: "POST",
      headers: { apikey: PUBLISHABLE_KEY, "content-type": "application/json", "x-supabase-api-version": "2024-01-01" },
      body: "{email:",
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code: string }).code).toBe("bad_json");
    const huge = await post(
      "/signup",
      { email: "huge@example.com", password: "password123", data: { x: "y".repeat(1_100_000) } },
      "10.4.0.1",
    );
    expect(huge.status).toBe(413);
    expect(await usersNamed(["huge@example.com"])).toEqual([]);
  });
});
