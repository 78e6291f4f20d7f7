// The setup project: signs in the customer and the agency staff through the login form once and saves their
// browser states for the specs (fixtures customerPage and staffPage).
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { test as setup } from "@playwright/test";
import { SEEDED_PASSWORD, signedInState } from "./support/test-users.ts";
import { signInThroughForm } from "./support/ui.ts";

for (const [role, { user, file }] of Object.entries(signedInState)) {
  setup(`sign in the ${role} (${user.email}) and save the browser state`, async ({ page }) => {
    await signInThroughForm(page, { email: user.email, password: SEEDED_PASSWORD });
    await mkdir(dirname(file), { recursive: true });
    await page.context().storageState({ path: file });
  });
}
