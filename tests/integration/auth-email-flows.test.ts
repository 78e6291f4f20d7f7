// Contract: supabase-js 2.119 against the local Auth server's email flows (sign-up with and without
// confirmations, verifyOtp with token_hash, GET /verify, recovery, resend, updateUser, the limits) and the mail
// sink's Mailpit API. Confirmations are off in config.toml, so the "on" half runs on a stack of its own.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, createThrowawayDatabase, startStack, type Stack } from "local-supabase";
import { sql, testStack, type TestStack } from "./support/stack.ts";

const PASSWORD = "password123";
const SITE_URL = "http://127.0.0.1:3000";

type MailSummary = { ID: string; To: { Address: string }[]; Subject: string };
type MailList = { total: number; messages_count: number; messages: MailSummary[] };
type Mail = MailSummary & { HTML: string; Text: string };

let shared: TestStack;
let own: Stack;
let ownDataDir: string;
let ownDb: Awaited<ReturnType<typeof createThrowawayDatabase>> | null = null;

beforeAll(async () => {
  shared = testStack();
  ownDataDir = await mkdtemp(join(tmpdir(), "it-auth-mail-"));
  ownDb = process.env.DATABASE_URL ? await createThrowawayDatabase(process.env.DATABASE_URL, "it_auth_mail") : null;
  own = await startStack({
    databaseUrl: ownDb?.url,
    dataDir: ownDataDir,
    pgliteDir: "memory://",
    ports: "auto",
    auth: { enableConfirmations: true, rateLimit: { emailSent: 1000, signInSignUps: 1000 } },
  });
}, 180_000);

afterAll(async () => {
  await own?.stop();
  await ownDb?.drop();
  await rm(ownDataDir, { recursive: true, force: true });
});

const client = (apiUrl: string): SupabaseClient =>
  createClient(apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

const newEmail = (label: string) => `mail-${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function mailsTo(address: string): Promise<MailList> {
  const res = await fetch(`${own.mailUrl}/api/v1/search?query=${encodeURIComponent(`to:${address}`)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as MailList;
}

/** The newest mail to `address` and the link in it. */
async function lastMail(address: string): Promise<{ mail: Mail; link: URL }> {
  const list = await mailsTo(address);
  expect(list.messages.length).toBeGreaterThan(0);
  const res = await fetch(`${own.mailUrl}/api/v1/message/${list.messages[0]!.ID}`);
  expect(res.status).toBe(200);
  const mail = (await res.json()) as Mail;
  const href = /href="([^"]+)"/.exec(mail.HTML)?.[1];
  expect(href).toBeDefined();
  return { mail, link: new URL(href!.replace(/&amp;/g, "&")) };
}

describe("sign-up, confirmations off (config.toml)", () => {
  it("signUp returns a session for a confirmed user; the same address again → 422 user_already_exists", async () => {
    const email = newEmail("off");
    const { data, error } = await client(shared.apiUrl).auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { display_name: "Ann" } },
    });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.user_metadata.display_name).toBe("Ann");

    const again = await client(shared.apiUrl).auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expect(again.error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
  });

  it("a weak password → 422 weak_password with reasons; a bad address → 400 validation_failed; nothing created", async () => {
    const email = newEmail("weak");
    const weak = await client(shared.apiUrl).auth.signUp({ email, password: "12345" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password" });
    expect((weak.error as unknown as { reasons: string[] }).reasons).toEqual(["length"]);
    const bad = await client(shared.apiUrl).auth.signUp({ email: "not-an-address", password: PASSWORD });
    expect(bad.error).toMatchObject({ status: 400, code: "validation_failed" });
    const rows = await sql(shared.dbUrl, "select 1 from auth.users where email in ($1, 'not-an-address')", [email]);
    expect(rows).toEqual([]);
  });

  it("updateUser changes data at once and the password (not to the same one)", async () => {
    const email = newEmail("upd");
    const supabase = client(shared.apiUrl);
    const { error } = await supabase.auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
    const named = await supabase.auth.updateUser({ data: { display_name: "New name" } });
    expect(named.error).toBeNull();
    expect(named.data.user?.user_metadata.display_name).toBe("New name");
    const same = await supabase.auth.updateUser({ password: PASSWORD });
    expect(same.error).toMatchObject({ status: 422, code: "same_password" });
    const changed = await supabase.auth.updateUser({ password: "another-password" });
    expect(changed.error).toBeNull();
    const signIn = await client(shared.apiUrl).auth.signInWithPassword({ email, password: "another-password" });
    expect(signIn.error).toBeNull();
  });
});

describe("sign-up, confirmations on", () => {
  it("signUp mails a token_hash link and returns no session; verifyOtp signs in once; a second use → otp_expired", async () => {
    const email = newEmail("on");
    const signUp = await client(own.apiUrl).auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { display_name: "Bo" }, emailRedirectTo: `${SITE_URL}/agencies/acme-travel` },
    });
    expect(signUp.error).toBeNull();
    expect(signUp.data.session).toBeNull();
    expect(signUp.data.user?.email_confirmed_at).toBeUndefined();
    const refused = await client(own.apiUrl).auth.signInWithPassword({ email, password: PASSWORD });
    expect(refused.error).toMatchObject({ status: 400, code: "email_not_confirmed" });

    const { mail, link } = await lastMail(email);
    expect(mail.Subject).toBe("Confirm your email address");
    expect(`${link.origin}${link.pathname}`).toBe(`${SITE_URL}/auth/confirm`);
    expect(link.searchParams.get("type")).toBe("email");
    expect(link.searchParams.get("next")).toBe(`${SITE_URL}/agencies/acme-travel`);
    const tokenHash = link.searchParams.get("token_hash")!;
    expect(tokenHash).toMatch(/^[0-9a-f]{56}$/);

    const verified = await client(own.apiUrl).auth.verifyOtp({ type: "email", token_hash: tokenHash });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.access_token).toBeTruthy();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
    expect(verified.data.user?.user_metadata.display_name).toBe("Bo");

    const reused = await client(own.apiUrl).auth.verifyOtp({ type: "email", token_hash: tokenHash });
    expect(reused.error).toMatchObject({
      status: 403,
      code: "otp_expired",
      message: "Email link is invalid or has expired",
    });
  });

  it("emailRedirectTo on another host: the mailed link leads to site_url instead", async () => {
    const email = newEmail("evil");
    const { error } = await client(own.apiUrl).auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: "https://evil.example/steal" },
    });
    expect(error).toBeNull();
    const { mail, link } = await lastMail(email);
    expect(mail.HTML).not.toContain("evil.example");
    expect(link.searchParams.get("next")).toBe(SITE_URL);
  });

  it("a confirmed address signed up again gets an obfuscated user, and no mail", async () => {
    const email = newEmail("dup");
    await client(own.apiUrl).auth.signUp({ email, password: PASSWORD });
    const { link } = await lastMail(email);
    await client(own.apiUrl).auth.verifyOtp({ type: "email", token_hash: link.searchParams.get("token_hash")! });
    const before = (await mailsTo(email)).messages_count;

    const again = await client(own.apiUrl).auth.signUp({ email, password: "other-password" });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();
    const [row] = await sql<{ id: string }>(own.dbUrl, "select id from auth.users where email = $1", [email]);
    expect(again.data.user?.id).not.toBe(row!.id);
    expect(again.data.user?.identities).toEqual([]);
    expect((await mailsTo(email)).messages_count).toBe(before);
  });

  it("an expired link → otp_expired; resend mails a new one, but not twice within max_frequency (429)", async () => {
    const email = newEmail("exp");
    await client(own.apiUrl).auth.signUp({ email, password: PASSWORD });
    const { link } = await lastMail(email);
    await sql(own.dbUrl, "update auth.users set confirmation_sent_at = now() - interval '2 hours' where email = $1", [
      email,
    ]);
    const expired = await client(own.apiUrl).auth.verifyOtp({
      type: "email",
      token_hash: link.searchParams.get("token_hash")!,
    });
    expect(expired.error).toMatchObject({ status: 403, code: "otp_expired" });

    const resent = await client(own.apiUrl).auth.resend({ type: "signup", email });
    expect(resent.error).toBeNull();
    expect((await mailsTo(email)).messages_count).toBe(2);
    const tooSoon = await client(own.apiUrl).auth.resend({ type: "signup", email });
    expect(tooSoon.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    expect(tooSoon.error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);

    const fresh = await lastMail(email);
    const ok = await client(own.apiUrl).auth.verifyOtp({
      type: "email",
      token_hash: fresh.link.searchParams.get("token_hash")!,
    });
    expect(ok.error).toBeNull();
  });

  it("GET /verify redirects with the session in the fragment, or the error; other hosts become site_url", async () => {
    const email = newEmail("get");
    await client(own.apiUrl).auth.signUp({ email, password: PASSWORD });
    const { link } = await lastMail(email);
    const token = link.searchParams.get("token_hash")!;
    const verifyUrl = (redirect: string) =>
      `${own.apiUrl}/auth/v1/verify?token=${token}&type=signup&redirect_to=${encodeURIComponent(redirect)}`;

    const ok = await fetch(verifyUrl("https://evil.example/steal"), { redirect: "manual" });
    expect(ok.status).toBe(303);
    const location = new URL(ok.headers.get("location")!);
    expect(location.origin).toBe(SITE_URL);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get("access_token")).toBeTruthy();
    expect(fragment.get("type")).toBe("signup");

    const used = await fetch(verifyUrl(`${SITE_URL}/auth/error`), { redirect: "manual" });
    expect(used.status).toBe(303);
    const error = new URL(used.headers.get("location")!);
    expect(error.pathname).toBe("/auth/error");
    expect(Object.fromEntries(new URLSearchParams(error.hash.slice(1)))).toMatchObject({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
    });
  });

  it("password recovery: a mail for a known address, {} for an unknown one; the link signs in to set a password", async () => {
    const email = newEmail("rec");
    await client(own.apiUrl).auth.signUp({ email, password: PASSWORD });
    const confirm = await lastMail(email);
    await client(own.apiUrl).auth.verifyOtp({
      type: "email",
      token_hash: confirm.link.searchParams.get("token_hash")!,
    });

    const unknown = await client(own.apiUrl).auth.resetPasswordForEmail(newEmail("nobody"));
    expect(unknown.error).toBeNull();
    const known = await client(own.apiUrl).auth.resetPasswordForEmail(email, {
      redirectTo: `${SITE_URL}/account/update-password`,
    });
    expect(known.error).toBeNull();
    const { mail, link } = await lastMail(email);
    expect(mail.Subject).toBe("Reset your password");
    expect(link.searchParams.get("type")).toBe("recovery");
    expect(link.searchParams.get("next")).toBe(`${SITE_URL}/account/update-password`);

    const supabase = client(own.apiUrl);
    const verified = await supabase.auth.verifyOtp({
      type: "recovery",
      token_hash: link.searchParams.get("token_hash")!,
    });
    expect(verified.error).toBeNull();
    const updated = await supabase.auth.updateUser({ password: "a-new-password" });
    expect(updated.error).toBeNull();
    const signIn = await client(own.apiUrl).auth.signInWithPassword({ email, password: "a-new-password" });
    expect(signIn.error).toBeNull();
  });

  it("updateUser({ email }) mails the new address; its link moves the account there", async () => {
    const email = newEmail("chg");
    const target = newEmail("new");
    const supabase = client(own.apiUrl);
    await supabase.auth.signUp({ email, password: PASSWORD });
    const confirm = await lastMail(email);
    await supabase.auth.verifyOtp({ type: "email", token_hash: confirm.link.searchParams.get("token_hash")! });

    const asked = await supabase.auth.updateUser({ email: target });
    expect(asked.error).toBeNull();
    expect(asked.data.user?.email).toBe(email);
    expect(asked.data.user?.new_email).toBe(target);
    const { link } = await lastMail(target);
    expect(link.searchParams.get("type")).toBe("email_change");
    const done = await client(own.apiUrl).auth.verifyOtp({
      type: "email_change",
      token_hash: link.searchParams.get("token_hash")!,
    });
    expect(done.error).toBeNull();
    expect(done.data.user?.email).toBe(target);
  });

  it("parallel: one address signed up 8 times at once → one user; one link verified 8 times at once → one session", async () => {
    const email = newEmail("race");
    const signUps = await Promise.all(
      Array.from({ length: 8 }, () => client(own.apiUrl).auth.signUp({ email, password: PASSWORD })),
    );
    // The first mails a link; the others find the address (or lose the insert) and answer as GoTrue does:
    // 200, or 429 for a second mail within max_frequency. Never another status, never a second user.
    for (const { error } of signUps)
      if (error) expect(error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    expect(signUps.some(({ error }) => error === null)).toBe(true);
    expect(await sql(own.dbUrl, "select id from auth.users where email = $1", [email])).toHaveLength(1);

    const { link } = await lastMail(email);
    const tokenHash = link.searchParams.get("token_hash")!;
    const verifies = await Promise.all(
      Array.from({ length: 8 }, () => client(own.apiUrl).auth.verifyOtp({ type: "email", token_hash: tokenHash })),
    );
    expect(verifies.filter(({ error }) => error === null)).toHaveLength(1);
    for (const { error } of verifies) if (error) expect(error).toMatchObject({ status: 403, code: "otp_expired" });
    const sessions = await sql(
      own.dbUrl,
      "select s.id from auth.sessions s join auth.users u on u.id = s.user_id where u.email = $1",
      [email],
    );
    expect(sessions).toHaveLength(1);
  });

  it("the mail sink: Mailpit's list fields, one message by ID, DELETE empties it, an HTML page at /", async () => {
    const email = newEmail("sink");
    await client(own.apiUrl).auth.signUp({ email, password: PASSWORD });
    const list = (await (await fetch(`${own.mailUrl}/api/v1/messages`)).json()) as MailList & Record<string, unknown>;
    expect(list).toMatchObject({ total: expect.any(Number), unread: expect.any(Number), start: 0, tags: [] });
    expect(list.messages[0]).toMatchObject({ To: [{ Name: "", Address: email }], Read: false, Attachments: 0 });
    const page = await fetch(`${own.mailUrl}/`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain(email);
    expect((await fetch(`${own.mailUrl}/api/v1/message/no-such-id`)).status).toBe(404);

    const deleted = await fetch(`${own.mailUrl}/api/v1/messages`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    const after = (await (await fetch(`${own.mailUrl}/api/v1/messages`)).json()) as MailList;
    expect(after).toMatchObject({ total: 0, messages: [] });
  });
});
