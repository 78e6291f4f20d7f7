// Forgot password, through the mail sink: request a reset, follow the mail's link, set a new password, sign in
// with it (and not with the old one). Runs on the default e2e stack (confirmations off: a reset mails anyway).
import { paths } from "../../lib/paths.ts";
import { expect, test } from "./support/fixtures.ts";
import { waitForMail } from "./support/mail.ts";
import { signUpNewUser } from "./support/test-users.ts";
import { APP_URL } from "./support/config.ts";

test("forgot password → mail → new password → sign in with it", async ({ page, expectAccessible }) => {
  const user = await signUpNewUser("Forgetful");
  await page.goto(paths.login());
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The login page has an Email field too: wait for the client navigation to end before typing.
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${user.email} has an account`);
  await expectAccessible(page, "forgot password, mail sent");

  const { subject, link } = await waitForMail(user.email);
  expect(subject).toBe("Reset your password");
  expect(link.origin).toBe(APP_URL);
  expect(link.pathname).toBe(paths.authConfirm());
  expect(link.searchParams.get("type")).toBe("recovery");

  await page.goto(link.toString());
  await page.waitForURL((url) => url.pathname === paths.updatePassword());
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page, "update password");

  await page.getByLabel("New password").fill("abc");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByLabel("New password")).toHaveAccessibleDescription(/at least 6 characters/i);
  await expectAccessible(page, "update password, too weak");

  await page.getByLabel("New password").fill("my-new-password");
  await page.getByRole("button", { name: "Save new password" }).click();
  await page.waitForURL((url) => url.pathname === paths.account());
  await expect(page.getByRole("status").first()).toHaveText("Your new password is set.");

  // The same link again: used, so it leads to the page that offers a new one.
  await page.goto(link.toString());
  await page.waitForURL((url) => url.pathname === "/auth/error");
  await expect(page.getByRole("link", { name: "Ask for a new password-reset link" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  // Signed in, /login would send the page straight on: wait until the sign-out has taken effect.
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(paths.login());
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid login credentials");
  await page.getByLabel("Password").fill("my-new-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});
