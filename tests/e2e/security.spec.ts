// Security headers, session cookies, the sign-in page's next= and the demo accounts, in the real browser
// against the production build.
import { APP_URL } from "./support/config.ts";
import { seededAgencies } from "../support/factories/seed.ts";
import { expect, test } from "./support/fixtures.ts";
import { query } from "./support/database.ts";
import { signUpNewUser } from "./support/test-users.ts";
import { THREAD_URL, openComposeDialog, signInThroughForm } from "./support/ui.ts";

test("pages work under the Content-Security-Policy (nonces, no inline scripts) with the other security headers", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto("/agencies");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  // The app is interactive (hydrated scripts run): the compose flow works end to end.
  const user = await signUpNewUser("Cora Csp");
  await signInThroughForm(page, user);
  const { message, send } = await openComposeDialog(page, seededAgencies.acme);
  await message.fill("Sent under a strict CSP.");
  await send.click();
  await expect(page).toHaveURL(THREAD_URL);
  expect(violations).toEqual([]);
});

test("session cookies are HttpOnly and SameSite=Lax (not Secure on plain http)", async ({ page, context }) => {
  await signInThroughForm(page, await signUpNewUser("Kai Cookie"));
  const session = (await context.cookies()).filter((cookie) => cookie.name.startsWith("sb-"));
  expect(session.length).toBeGreaterThan(0);
  for (const cookie of session) {
    expect(cookie.httpOnly, cookie.name).toBe(true);
    expect(cookie.sameSite, cookie.name).toBe("Lax");
    expect(cookie.secure, cookie.name).toBe(false);
  }
  expect(await page.evaluate(() => document.cookie)).not.toContain("sb-");
});

test("signed in, /login?next= never leaves the site", async ({ page }) => {
  await signInThroughForm(page, await signUpNewUser("Nell Next"));
  for (const next of ["/.//evil.example", "/%2e//evil.example", "/a/..//evil.example", "//evil.example"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    expect(new URL(page.url()).origin, next).toBe(new URL(APP_URL).origin);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
});

test("the sign-in page names the demo accounts when the app runs on the local stack", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByText("Demo accounts:")).toBeVisible();
});

test("a deleted staff member's reply stays in the customer's thread as 'Former staff member'", async ({ page }) => {
  const customer = await signUpNewUser("Cleo Customer");
  const staff = await signUpNewUser("Stan Staff");
  await query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [
    seededAgencies.silk.id,
    staff.id,
  ]);
  await signInThroughForm(page, customer);
  const { message, send } = await openComposeDialog(page, seededAgencies.silk);
  await message.fill("Is the Pamir Highway open in October?");
  await send.click();
  await expect(page).toHaveURL(THREAD_URL);
  const conversationId = THREAD_URL.exec(page.url())![1]!;
  await query("insert into public.messages (conversation_id, sender_id, body) values ($1, $2, $3)", [
    conversationId,
    staff.id,
    "Yes, until mid-October.",
  ]);
  await query("delete from auth.users where id = $1", [staff.id]);

  await page.reload();
  const reply = page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "mid-October" });
  await expect(reply).toContainText("Former staff member");
});
