// What a person does in the browser, as steps the specs share.
import { expect, type Page } from "@playwright/test";
import { paths } from "../../../lib/paths.ts";

export const THREAD_URL = /\/messages\/conversations\/([0-9a-f-]{36})$/;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Signs in through the login form and waits for the page it comes back to. */
export async function signInThroughForm(
  page: Page,
  user: { email: string; password: string },
  next = paths.agencies(),
): Promise<void> {
  await page.goto(paths.login({ next }));
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function openComposeDialog(page: Page, agency: { name: string; slug: string }) {
  await page.goto(paths.agency(agency.slug));
  await page.getByRole("button", { name: "Send message" }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(escapeRegExp(agency.name)) });
  await expect(dialog).toBeVisible();
  return {
    dialog,
    message: dialog.getByLabel("Message"),
    send: dialog.getByRole("button", { name: "Send" }),
  };
}
