// Sign-up with email confirmations on (a stack started with them: `E2E_AUTH_CONFIRMATIONS=true npm run test:e2e
// -- tests/e2e/accounts-confirmations.spec.ts`): "check your email", the mail's link signs the person in and
// leads back to where they were, a used link offers a new one, a taken address gets the same answer as a free
// one, and the hourly mail limit (config.toml's email_sent) reads "too many attempts". The tests share the
// stack's mail budget, so they run in order.
import { paths } from "../../lib/paths.ts";
import { seededAgencies } from "../support/factories/seed.ts";
import { stackInfo, query } from "./support/database.ts";
import { expect, test } from "./support/fixtures.ts";
import { mailCount, waitForMail } from "./support/mail.ts";
import type { Page } from "@playwright/test";
import { SECRET_KEY, SERVICE_ROLE_KEY } from "local-supabase";

const SKIP_REASON =
  "needs a stack with confirmations on: E2E_AUTH_CONFIRMATIONS=true npm run test:e2e -- tests/e2e/accounts-confirmations.spec.ts";
const confirmationsOn = stackInfo().confirmations;
if (!confirmationsOn) console.log(`accounts-confirmations.spec.ts skipped: ${SKIP_REASON}`);
test.skip(!confirmationsOn, SKIP_REASON);
test.describe.configure({ mode: "serial" });

const newEmail = () => `confirm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const agency = seededAgencies.acme;
let confirmedEmail = "";
let usedLink: URL;

/** A user who signed up and has not confirmed yet, created through Auth's admin API (which sends no mail). */
async function createUnconfirmedUser(email: string): Promise<string> {
  const response = await fetch(`${stackInfo().apiUrl}/auth/v1/admin/users`, {
    method: "POST",
    headers: { apikey: SECRET_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: "a-good-password",
      email_confirm: false,
      user_metadata: { display_name: "Wanda Waiting" },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return email;
}

async function signUpThroughForm(page: Page, email: string, name: string) {
  await page.goto(paths.signup({ next: paths.agency(agency.slug) }));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-password");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("sign-up → check your email → the mail's link signs in and goes back to the agency", async ({
  page,
  expectAccessible,
}) => {
  confirmedEmail = newEmail();
  await signUpThroughForm(page, confirmedEmail, "Cora Confirm");
  await expect(page.getByRole("status")).toContainText("Check your email");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectAccessible(page, "sign-up, check your email");

  const { subject, link } = await waitForMail(confirmedEmail);
  expect(subject).toBe("Confirm your email address");
  expect(link.pathname).toBe(paths.authConfirm());
  usedLink = link;
  await page.goto(link.toString());
  await page.waitForURL((url) => url.pathname === paths.agency(agency.slug));
  await expect(page.getByRole("banner")).toContainText("Signed in as Cora Confirm");
  const rows = await query<{ confirmed: boolean }>(
    "select email_confirmed_at is not null as confirmed from auth.users where email = $1",
    [confirmedEmail],
  );
  expect(rows).toEqual([{ confirmed: true }]);
});

test("a used link: a clear page; a new link by email, which signs in", async ({ page, expectAccessible }) => {
  await page.goto(usedLink.toString());
  await page.waitForURL((url) => url.pathname === "/auth/error");
  await expect(page.getByRole("heading", { level: 1, name: "This link did not work" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    paths.login({ next: paths.agency(agency.slug) }),
  );

  // Someone still waiting for a confirmation, made without a mail: the hourly budget (2) is for this test's mail.
  const waiting = await createUnconfirmedUser(newEmail());
  await page.goto(paths.authLinkError({ type: "email", next: paths.agency(agency.slug) }));
  await page.getByLabel("Email").fill(waiting);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new link is on its way");
  await expectAccessible(page, "link error, new link sent");
  const { link } = await waitForMail(waiting);
  await page.goto(link.toString());
  await page.waitForURL((url) => url.pathname === paths.agency(agency.slug));
  await expect(page.getByRole("banner")).toContainText("Signed in as Wanda Waiting");
});

test("a taken address gets the same answer as a free one, and no second account", async ({ page }) => {
  await signUpThroughForm(page, confirmedEmail.toUpperCase(), "Impostor");
  // Either "check your email", or (once the hourly mail budget is spent) "too many attempts": never "taken".
  await expect(page.getByRole("main")).toContainText(/Check your email|Too many attempts/);
  await expect(page.getByRole("main")).not.toContainText("already exists");
  expect(await query("select id from auth.users where lower(email) = lower($1)", [confirmedEmail])).toHaveLength(1);
});

test("the hourly mail limit (email_sent) reads 'too many attempts', and creates nobody new", async ({
  page,
  expectAccessible,
}) => {
  let tries = 0;
  let email = "";
  // config.toml allows 2 mails an hour; the tests above sent them. At most a few more tries reach the limit.
  do {
    tries += 1;
    email = newEmail();
    await signUpThroughForm(page, email, "Over Limit");
    await expect(page.getByRole("main")).toContainText(/Check your email|Too many attempts/);
  } while (tries < 5 && (await page.getByRole("main").getByRole("alert").count()) === 0);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Too many attempts. Please wait a few minutes, then try again.",
  );
  await expectAccessible(page, "sign-up, too many attempts");
  expect(await mailCount(email)).toBe(0);
  expect(await query("select id from auth.users where email = $1", [email])).toEqual([]);
});
