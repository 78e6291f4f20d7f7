// axe-core on every page and state a person meets: no WCAG 2.1 A/AA violations. Plus what the native modal
// dialog promises: the page behind it is inert, Escape closes it and focus returns to the opener.
import { paths } from "../../lib/paths.ts";
import { seededAgencies, seededConversation } from "../support/factories/seed.ts";
import { expect, test } from "./support/fixtures.ts";
import { signedInState } from "./support/test-users.ts";

test("sign-in with an error", async ({ page, expectAccessible }) => {
  await page.goto(paths.login({ next: paths.inbox() }));
  await page.getByLabel("Email").fill(signedInState.customer.user.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid login credentials");
  await expectAccessible(page, "sign-in with an error");
});

test("agencies and an agency page", async ({ customerPage: page, expectAccessible }) => {
  await page.goto(paths.agencies());
  await expect(page.getByRole("list", { name: "Agencies" }).getByRole("listitem").first()).toBeVisible();
  await expectAccessible(page, "agencies");

  await page.goto(paths.agency(seededAgencies.acme.slug));
  await expect(page.getByRole("heading", { level: 1, name: seededAgencies.acme.name })).toBeVisible();
  await expectAccessible(page, "agency page");
});

test("the compose dialog: accessible, modal, closed by Escape with focus back on Send message", async ({
  customerPage: page,
  expectAccessible,
}) => {
  // The customer has no conversation with Acme Travel, so Send message opens the dialog.
  await page.goto(paths.agency(seededAgencies.acme.slug));
  // Animations a hundred times slower, so axe sees the dialog while it animates in: its text must have full
  // contrast from the first frame, not only once the animation has ended.
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("Animation.enable");
  await devtools.send("Animation.setPlaybackRate", { playbackRate: 0.01 });
  const opener = page.getByRole("button", { name: "Send message" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: `Message ${seededAgencies.acme.name}` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "compose dialog opening");
  await devtools.send("Animation.setPlaybackRate", { playbackRate: 1 });
  await expect(dialog.getByLabel("Message")).toBeFocused();
  await dialog.getByLabel("Message").fill("Do you book night trains to Vienna?");
  await expectAccessible(page, "compose dialog open");

  // showModal(): the dialog is in the top layer and everything else is inert.
  await expect(page.locator("dialog:modal")).toHaveCount(1);
  const headerLinkTakesFocus = await page.evaluate(() => {
    const link = document.querySelector<HTMLElement>("header a")!;
    link.focus();
    return document.activeElement === link;
  });
  expect(headerLinkTakesFocus).toBe(false);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("a thread and the inbox, as the customer", async ({ customerPage: page, expectAccessible }) => {
  await page.goto(paths.inbox());
  await expect(page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first()).toBeVisible();
  await expectAccessible(page, "inbox as customer");

  await page.goto(paths.thread(seededConversation.id));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seededConversation.agency.name);
  await expectAccessible(page, "thread as customer");
});

test("a thread and the inbox, as agency staff", async ({ staffPage: page, expectAccessible }) => {
  await page.goto(paths.inbox());
  const inquiry = page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first();
  await expect(inquiry).toBeVisible();
  await expectAccessible(page, "inbox as staff");

  await page.goto(paths.thread(seededConversation.id));
  await expect(page.getByRole("list", { name: "Messages" })).toBeVisible();
  await expectAccessible(page, "thread as staff");
});

test("not found: an unknown agency, an unknown page", async ({ page, expectAccessible }) => {
  expect((await page.goto(paths.agency("no-such-agency")))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We could not find this agency" })).toBeVisible();
  await expectAccessible(page, "agency not found");

  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expectAccessible(page, "page not found");
});

test("account pages a signed-out person meets: forgot password, a link that did not work, update password", async ({
  page,
  expectAccessible,
}) => {
  await page.goto(paths.forgotPassword());
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await expectAccessible(page, "forgot password");
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter your email address.");
  await expectAccessible(page, "forgot password with an error");

  await page.goto(paths.authLinkError({ type: "email", next: paths.inbox() }));
  await expect(page.getByRole("heading", { level: 1, name: "This link did not work" })).toBeVisible();
  await expectAccessible(page, "confirmation link that did not work");

  await page.goto(paths.authLinkError({ type: "recovery" }));
  await expect(page.getByRole("link", { name: "Ask for a new password-reset link" })).toBeVisible();
  await expectAccessible(page, "reset link that did not work");

  await page.goto(paths.updatePassword());
  await expect(page.getByRole("link", { name: "ask for a new link" })).toBeVisible();
  await expectAccessible(page, "update password, signed out");
});
