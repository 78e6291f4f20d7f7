// Playwright fixtures for the specs (`provide` is what Playwright calls `use`, renamed for the React lint rules): pages signed in from the states the setup project saved, the axe check and
// the documentation screenshots.
import { join } from "node:path";
import { test as base, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility.ts";
import { SCREENSHOT_DIR } from "./config.ts";
import { signedInState } from "./test-users.ts";

type Fixtures = {
  /** A page signed in as the customer (Bob), in its own browser context. */
  customerPage: Page;
  /** A page signed in as agency staff (Dave of Fjord & Fell), in its own browser context. */
  staffPage: Page;
  /** Fails the test when axe reports a WCAG 2.1 A/AA violation on the page as it is now. */
  expectAccessible: (page: Page, state: string) => Promise<void>;
  /**
   * Saves docs/screenshots/<name>.png, only when UPDATE_SCREENSHOTS=1: a normal run leaves the work tree
   * clean.
   */
  saveScreenshot: (page: Page, name: string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  customerPage: async ({ browser }, provide) => {
    const context = await browser.newContext({ storageState: signedInState.customer.file });
    await provide(await context.newPage());
    await context.close();
  },
  staffPage: async ({ browser }, provide) => {
    const context = await browser.newContext({ storageState: signedInState.staff.file });
    await provide(await context.newPage());
    await context.close();
  },
  expectAccessible: async ({}, provide) => {
    await provide(expectNoAxeViolations);
  },
  saveScreenshot: async ({}, provide) => {
    const enabled = process.env.UPDATE_SCREENSHOTS === "1";
    await provide(async (page, name) => {
      if (enabled) await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
    });
  },
});

export { expect } from "@playwright/test";
