import { paths } from "../../lib/paths.ts";
import { seededAgencies, seededConversation } from "../support/factories/seed.ts";
import { APP_URL } from "./support/config.ts";
import { expect, test } from "./support/fixtures.ts";
import { signedInState, signUpNewUser, SEEDED_PASSWORD, seededUsers } from "./support/test-users.ts";
import { escapeRegExp, openComposeDialog, signInThroughForm, THREAD_URL } from "./support/ui.ts";

test("alice signs in and sees the agencies", async ({ page, saveScreenshot }) => {
  await page.goto(paths.home());
  await page.getByRole("link", { name: "Browse agencies" }).click();
  await expect(page).toHaveURL(/\/agencies$/);

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid login credentials");
  await expect(page.getByLabel("Email")).toHaveValue("alice@example.com");
  await saveScreenshot(page, "login-error");

  await signInThroughForm(page, { email: seededUsers.alice.email, password: SEEDED_PASSWORD });
  await expect(page.getByRole("banner")).toContainText("Alice Martin");
  // Alphabetical: Acme Travel first (other specs add agencies, all named to sort after the seeded ones).
  const list = page.getByRole("list", { name: "Agencies" });
  await expect(list.getByRole("listitem").first().getByRole("link")).toHaveText("Acme Travel");
  await expect(list).toContainText("Tailor-made city breaks");
  await saveScreenshot(page, "agencies-list");

  await list.getByRole("link", { name: seededAgencies.fjord.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: seededAgencies.fjord.name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send message" })).toBeVisible();
  await saveScreenshot(page, "agency-page");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${APP_URL}/`);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(paths.inbox());
  await expect(page).toHaveURL(/\/login\?next=/);
});

test("an unknown agency is a 404 page, and next= never leaves the site", async ({ page }) => {
  const response = await page.goto(paths.agency("no-such-agency"));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We could not find this agency" })).toBeVisible();

  await page.goto(paths.login({ next: "//evil.example/agencies" }));
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill(SEEDED_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${APP_URL}/`);
});

test("signed out, Messages asks to sign in and comes back to the inbox", async ({ page }) => {
  await page.goto(paths.inbox());
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)messages$/);
  const user = await signUpNewUser("Ines Empty");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByRole("heading", { name: "No conversations yet" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Browse agencies" })).toBeVisible();
});

test("the inbox lists conversations newest first; agency staff see inquiries under the customer's name", async ({
  browser,
  saveScreenshot,
}) => {
  const customer = await signUpNewUser("Erin Inbox");
  const customerContext = await browser.newContext();
  const page = await customerContext.newPage();
  await signInThroughForm(page, customer);

  for (const [agency, text] of [
    [seededAgencies.acme, "Hello Acme, a weekend in Vienna in May for two?"],
    [seededAgencies.sunward, "Do you sail around the Cyclades in September?"],
  ] as const) {
    const { message, send } = await openComposeDialog(page, agency);
    await message.fill(text);
    await send.click();
    await expect(page).toHaveURL(THREAD_URL);
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seededAgencies.sunward.name);
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Cyclades");
  await saveScreenshot(page, "thread");

  await page.getByRole("link", { name: "Messages", exact: true }).first().click();
  const rows = page.getByRole("list", { name: "Conversations" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(seededAgencies.sunward.name);
  await expect(rows.nth(1)).toContainText(seededAgencies.acme.name);
  await expect(rows.nth(1)).toContainText("You: Hello Acme");
  await saveScreenshot(page, "inbox");
  await customerContext.close();

  // Carol is staff of Acme Travel: the inquiry reaches her inbox under the customer's display name.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signInThroughForm(staff, { email: seededUsers.carol.email, password: SEEDED_PASSWORD }, paths.inbox());
  const inquiry = staff.getByRole("listitem").filter({ hasText: customer.displayName });
  await expect(inquiry).toContainText("Inquiry to Acme Travel");
  await expect(staff.getByRole("listitem").filter({ hasText: "Cyclades" })).toHaveCount(0);
  await inquiry.getByRole("link", { name: customer.displayName }).click();
  await expect(staff.getByRole("list", { name: "Messages" })).toContainText(customer.displayName);
  await staff.getByRole("textbox", { name: "Message" }).fill("Hi Erin!\nYes, we have two options in May.");
  await staff.getByRole("button", { name: "Send" }).click();
  const reply = staff.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "two options" });
  await expect(reply).toContainText("You");
  await expect(reply.locator("p")).toHaveText("Hi Erin!\nYes, we have two options in May.");
  await saveScreenshot(staff, "thread-agency-staff");
  await staff.getByRole("link", { name: "Messages", exact: true }).first().click();
  await expect(staff.getByRole("listitem").filter({ hasText: customer.displayName })).toContainText("You: Hi Erin!");
  await saveScreenshot(staff, "inbox-agency-staff");
  await staffContext.close();
});

test("phone width: the header, agency page and compose dialog fit", async ({ browser, saveScreenshot }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInThroughForm(page, await signUpNewUser("Pia Phone"));
  await saveScreenshot(page, "phone-agencies");
  const { message } = await openComposeDialog(page, seededAgencies.silk);
  await message.fill("Hello! Could you plan two weeks in Uzbekistan in October?");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await saveScreenshot(page, "phone-compose-dialog");
  await expect(page.getByRole("dialog", { name: new RegExp(escapeRegExp(seededAgencies.silk.name)) })).toBeVisible();
  await context.close();
});

test("without JavaScript every page shows its content, not a loading state", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: signedInState.customer.file });
  const page = await context.newPage();
  // A streamed page whose script never runs keeps its fallback: nothing may be left busy.
  const open = async (path: string) => {
    await page.goto(path);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  };
  try {
    await open(paths.agencies());
    const agencies = page.getByRole("list", { name: "Agencies" });
    await expect(agencies.getByRole("link", { name: seededAgencies.fjord.name })).toBeVisible();

    await open(paths.agency(seededAgencies.fjord.slug));
    await expect(page.getByRole("heading", { level: 1, name: seededAgencies.fjord.name })).toBeVisible();

    await open(paths.inbox());
    await expect(page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first()).toBeVisible();

    await open(paths.thread(seededConversation.id));
    await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem").first()).toBeVisible();
  } finally {
    await context.close();
  }
});
