// Hostile sign-up input: long, Unicode and injection-shaped strings, a taken address in another case, another host
// in `next` or `redirect_to`. Auth (through the real supabase-js, as the app calls it) answers 4xx; the app's
// sign-up form, posted as a browser without JavaScript posts it, answers with the form and its error, never a
// 5xx; `next` never leads off the site; and no user or profile is created by any of it.
import { createClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, sessionCookie, type User } from "local-supabase";
import { HOSTILE_NEXT_PATHS } from "../support/hostile-next-paths.ts";
import { fileFigures } from "./support/figures.ts";
import { ctx, newUser, query, send, type Answer } from "./support/helpers.ts";

const figures = fileFigures("signup-input");
const GOOD_PASSWORD = "a-good-password";

let alice: User;
beforeAll(async () => {
  alice = await newUser("alice");
});

async function userCount(): Promise<{ users: number; profiles: number }> {
  const [row] = await query<{ users: string; profiles: string }>(
    "select (select count(*) from auth.users) as users, (select count(*) from public.profiles) as profiles",
  );
  return { users: Number(row!.users), profiles: Number(row!.profiles) };
}

const auth = () =>
  createClient(ctx().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false, autoRefreshToken: false } }).auth;

const HOSTILE_EMAILS: [name: string, email: string][] = [
  ["a 400-character address", `${"a".repeat(380)}@example.com`],
  ["SQL in the local part", "x'; drop table auth.users; --@example.com"],
  ["a quote and a comment", '"bob"@example.com--'],
  ["HTML", "<script>alert(1)</script>@example.com"],
  ["a NUL byte", "nul\u0000byte@example.com"],
  ["a line break (header injection)", "bob@example.com\r\nBcc: all@example.com"],
  ["no domain", "bob@"],
  ["two @", "bob@@example.com"],
  ["a right-to-left override", "bob\u202e@example.com"],
  ["only spaces", "   "],
];

describe("Auth's /signup, as the app calls it", () => {
  it("refuses hostile addresses with a 4xx and creates nobody", async () => {
    const before = await userCount();
    const problems: string[] = [];
    for (const [name, email] of HOSTILE_EMAILS) {
      figures.inputs++;
      const { data, error } = await auth().signUp({ email, password: GOOD_PASSWORD });
      const status = error?.status ?? 200;
      if (status < 400 || status >= 500) problems.push(`${name}: ${status} ${error?.code ?? ""} user ${data.user?.id}`);
    }
    expect(problems, "answers outside 4xx").toEqual([]);
    expect(await userCount()).toEqual(before);
  });

  it("refuses a taken address in another case (confirmations off) with a 4xx, and keeps one user", async () => {
    const before = await userCount();
    for (const email of [
      alice.email.toUpperCase(),
      ` ${alice.email} `,
      alice.email.replace(/^./, (c) => c.toUpperCase()),
    ]) {
      figures.inputs++;
      const { error } = await auth().signUp({ email, password: GOOD_PASSWORD });
      expect(error?.status, email).toBeGreaterThanOrEqual(400);
      expect(error?.status, email).toBeLessThan(500);
    }
    expect(await userCount()).toEqual(before);
    expect(await query("select id from auth.users where lower(email) = lower($1)", [alice.email])).toHaveLength(1);
  });

  it("refuses a weak or a 1,000-character password with a 4xx, and a display name too long for a header", async () => {
    const before = await userCount();
    for (const password of ["abc", "x".repeat(1000)]) {
      figures.inputs++;
      const { error } = await auth().signUp({ email: `weak-${crypto.randomUUID()}@example.com`, password });
      expect(error?.status, `password of ${password.length}`).toBeGreaterThanOrEqual(400);
      expect(error?.status).toBeLessThan(500);
    }
    expect(await userCount()).toEqual(before);
  });
});

/** The sign-up form's no-JavaScript post: the page's hidden server-action fields plus the person's fields. */
async function postSignupForm(fields: Record<string, string>, next = "/"): Promise<Answer> {
  const page = (await send(figures, `${ctx().appUrl}/signup?next=${encodeURIComponent(next)}`)) as Answer;
  expect(page.status).toBe(200);
  const form = new FormData();
  for (const [, name, value] of page.text.matchAll(
    /<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?/g,
  )) {
    form.set(name!, (value ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  }
  expect(
    [...form.keys()].some((key) => key.startsWith("$ACTION")),
    "the form's action fields",
  ).toBe(true);
  form.set("next", next);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return (await send(figures, `${ctx().appUrl}/signup?next=${encodeURIComponent(next)}`, {
    method: "POST",
    body: form,
    redirect: "manual",
  })) as Answer;
}

describe("the app's sign-up form, posted without JavaScript", () => {
  it("answers hostile input with the form and its error (never a 5xx), creating nobody", async () => {
    const before = await userCount();
    const cases: [string, Record<string, string>, RegExp][] = [
      ...HOSTILE_EMAILS.map(([name, email]): [string, Record<string, string>, RegExp] => [
        name,
        { email, password: GOOD_PASSWORD, displayName: "Hostile" },
        /valid email|too long|Enter your email/,
      ]),
      [
        "a taken address in upper case",
        { email: alice.email.toUpperCase(), password: GOOD_PASSWORD, displayName: "X" },
        /already exists/,
      ],
      [
        "a 10,000-character name",
        { email: `n-${crypto.randomUUID()}@example.com`, password: GOOD_PASSWORD, displayName: "n".repeat(10_000) },
        /at most 80/,
      ],
      [
        "a name with a bidi override",
        { email: `b-${crypto.randomUUID()}@example.com`, password: GOOD_PASSWORD, displayName: "evil\u202egnp" },
        /invisible/,
      ],
      [
        "SQL as the name, with a control character",
        {
          email: `s-${crypto.randomUUID()}@example.com`,
          password: GOOD_PASSWORD,
          displayName: "'); delete from profiles;\u0007",
        },
        /line breaks/,
      ],
    ];
    const problems: string[] = [];
    for (const [name, fields, error] of cases) {
      figures.inputs++;
      const answer = await postSignupForm(fields);
      if (answer.status !== 200 || !error.test(answer.text)) problems.push(`${name}: ${answer.status}`);
    }
    expect(problems, "answers other than the form with its error").toEqual([]);
    expect(await userCount()).toEqual(before);
  });

  it("never leaves the site, whatever the next=", async () => {
    const problems: string[] = [];
    const cookie = sessionCookie(ctx().apiUrl, alice.session);
    for (const [name, next] of HOSTILE_NEXT_PATHS) {
      figures.inputs++;
      // Signed in, /signup redirects straight to next; /auth/confirm with a bad link redirects to the error page.
      for (const url of [
        `${ctx().appUrl}/signup?next=${encodeURIComponent(next)}`,
        `${ctx().appUrl}/auth/confirm?token_hash=bogus&type=email&next=${encodeURIComponent(next)}`,
      ]) {
        const answer = (await send(figures, url, { headers: { cookie }, redirect: "manual" })) as Answer;
        const location = answer.headers.get("location");
        const target = location === null ? null : new URL(location, ctx().appUrl);
        if (answer.status < 300 || answer.status >= 400 || target?.origin !== new URL(ctx().appUrl).origin) {
          problems.push(`${name} at ${new URL(url).pathname}: ${answer.status} Location ${location}`);
        }
      }
    }
    expect(problems, "redirects off the site").toEqual([]);
  });
});
