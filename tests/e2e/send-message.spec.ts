// The four ways Send Message used to create duplicates, each checked in the database, not only in the DOM.
import type { Route } from "@playwright/test";
import { api, paths } from "../../lib/paths.ts";
import { seededAgencies } from "../support/factories/seed.ts";
import { E2E_CLIENT_ACTION_TIMEOUT_MS } from "./support/config.ts";
import { inquiries } from "./support/database.ts";
import { expect, test } from "./support/fixtures.ts";
import { signUpNewUser } from "./support/test-users.ts";
import { escapeRegExp, openComposeDialog, signInThroughForm, THREAD_URL } from "./support/ui.ts";

const isCheck = (url: URL) => url.pathname === api.conversations() && url.searchParams.has("context_id");
const isOpen = (url: URL) => url.pathname === api.conversations() && url.search === "";

test("double-click on Send creates one conversation with one message", async ({ page, saveScreenshot }) => {
  const user = await signUpNewUser("Dora Double");
  await signInThroughForm(page, user);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && isOpen(new URL(request.url()))) posts.push(request.postData() ?? "");
  });

  const { message, send } = await openComposeDialog(page, seededAgencies.acme);
  await message.fill("Double-click test: a long weekend in Lisbon?");
  await saveScreenshot(page, "compose-dialog");
  await send.dblclick();

  await expect(page).toHaveURL(THREAD_URL);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.acme.id);
  expect(conversations).toHaveLength(1);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.body).toBe("Double-click test: a long weekend in Lisbon?");
  expect(page.url()).toContain(conversations[0]!.id);
  expect(posts).toHaveLength(1);
});

test("a timed-out check still opens the dialog, and Send lands in the existing thread", async ({ page }) => {
  const user = await signUpNewUser("Tomas Timeout");
  await signInThroughForm(page, user);
  const created = await page.request.post(api.conversations(), {
    data: {
      context_type: "agency_inquiry",
      context_id: seededAgencies.fjord.id,
      initial_message: "First question, sent earlier.",
    },
  });
  expect(created.status()).toBe(201);
  const existingId = ((await created.json()) as { data: { id: string } }).data.id;

  // The check is held and never answered: the client gives up after its (e2e build) deadline.
  const held: Route[] = [];
  await page.route(
    (url) => isCheck(url),
    (route) => {
      if (route.request().method() === "GET") held.push(route);
      else return route.fallback();
    },
  );
  const warning = page.waitForEvent("console", {
    predicate: (msg) => msg.type() === "warning" && /longer than/.test(msg.text()),
  });

  await page.goto(paths.agency(seededAgencies.fjord.slug));
  const button = page.getByRole("button", { name: "Send message" });
  const started = Date.now();
  await button.click();
  await expect(button).toHaveAttribute("aria-busy", "true");
  const dialog = page.getByRole("dialog", { name: /Fjord & Fell/ });
  await expect(dialog).toBeVisible();
  expect(Date.now() - started).toBeGreaterThanOrEqual(E2E_CLIENT_ACTION_TIMEOUT_MS - 100);
  expect((await warning).text()).toContain(`${E2E_CLIENT_ACTION_TIMEOUT_MS} ms`);
  expect(held).toHaveLength(1);

  await dialog.getByLabel("Message").fill("Second question, after the check timed out.");
  await dialog.getByRole("button", { name: "Send" }).click();

  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(paths.thread(existingId))}$`));
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem")).toHaveCount(2);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.fjord.id);
  expect(conversations.map((c) => c.id)).toEqual([existingId]);
  expect(messages.map((m) => m.body)).toEqual([
    "First question, sent earlier.",
    "Second question, after the check timed out.",
  ]);
});

test("retry after a lost response: the first POST is stored but the browser sees an error; Send again stores nothing new", async ({
  page,
  saveScreenshot,
}) => {
  const user = await signUpNewUser("Rita Retry");
  await signInThroughForm(page, user);
  const sentIds: string[] = [];
  let attempts = 0;
  await page.route(
    (url) => isOpen(url),
    async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      sentIds.push((route.request().postDataJSON() as { client_message_id: string }).client_message_id);
      attempts += 1;
      if (attempts === 1) {
        // The request reaches the server and is stored; the answer is lost on the way back.
        const response = await route.fetch();
        expect(response.status()).toBe(201);
        return route.abort("connectionreset");
      }
      return route.fallback();
    },
  );

  const { dialog, message, send } = await openComposeDialog(page, seededAgencies.sunward);
  await message.fill("Retry test: ferries from Split to Hvar?");
  await send.click();
  await expect(dialog.getByRole("alert")).toHaveText(
    "Could not reach the server. Your message is kept; press Send to retry.",
  );
  await expect(message).toHaveValue("Retry test: ferries from Split to Hvar?");
  await saveScreenshot(page, "compose-dialog-error");

  await send.click();
  await expect(page).toHaveURL(THREAD_URL);
  expect(sentIds).toHaveLength(2);
  expect(sentIds[1]).toBe(sentIds[0]);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.sunward.id);
  expect(conversations).toHaveLength(1);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.client_message_id).toBe(sentIds[0]);
});

test("retry after a server error: a 500 keeps the text, Send again creates one conversation and one message", async ({
  page,
}) => {
  const user = await signUpNewUser("Sam Servererror");
  await signInThroughForm(page, user);
  let failed = false;
  await page.route(
    (url) => isOpen(url),
    (route) => {
      if (route.request().method() !== "POST" || failed) return route.fallback();
      failed = true;
      return route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } }),
      });
    },
  );

  const { dialog, message, send } = await openComposeDialog(page, seededAgencies.silk);
  await message.fill("Retry after 500: Samarkand in spring?");
  await send.click();
  await expect(dialog.getByRole("alert")).toHaveText("Something went wrong on our side.");
  await expect(message).toHaveValue("Retry after 500: Samarkand in spring?");
  await send.click();

  await expect(page).toHaveURL(THREAD_URL);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.silk.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["Retry after 500: Samarkand in spring?"]);
});

test("two tabs sending to the same agency at once share one conversation holding both messages", async ({
  context,
}) => {
  const user = await signUpNewUser("Tia Twotabs");
  const first = await context.newPage();
  await signInThroughForm(first, user);
  const second = await context.newPage();

  // Both POSTs are held until both have left their tab, then released together.
  const arrived: Route[] = [];
  let releaseBoth!: () => void;
  const bothArrived = new Promise<void>((resolve) => (releaseBoth = resolve));
  const hold = async (route: Route) => {
    if (route.request().method() !== "POST") return route.fallback();
    arrived.push(route);
    if (arrived.length === 2) releaseBoth();
    await bothArrived;
    return route.fallback();
  };
  await context.route((url) => isOpen(url), hold);

  const a = await openComposeDialog(first, seededAgencies.acme);
  const b = await openComposeDialog(second, seededAgencies.acme);
  await a.message.fill("From tab one");
  await b.message.fill("From tab two");
  await Promise.all([a.send.click(), b.send.click()]);

  await Promise.all([expect(first).toHaveURL(THREAD_URL), expect(second).toHaveURL(THREAD_URL)]);
  expect(first.url()).toBe(second.url());
  const { conversations, messages } = await inquiries(user.id, seededAgencies.acme.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body).sort()).toEqual(["From tab one", "From tab two"]);
  expect(new Set(messages.map((m) => m.conversation_id))).toEqual(new Set([conversations[0]!.id]));
});

test("a session that expired while typing: the draft survives sign-in and is sent once", async ({ page, context }) => {
  const user = await signUpNewUser("Uma Unauthorized");
  await signInThroughForm(page, user);
  const { message, send } = await openComposeDialog(page, seededAgencies.acme);
  await message.fill("Written before my session expired.");
  await context.clearCookies();
  await send.click();

  await expect(page).toHaveURL(/\/login\?next=%2Fagencies%2Facme-travel$/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/agencies\/acme-travel$/);
  const dialog = page.getByRole("dialog", { name: /Acme Travel/ });
  await expect(dialog.getByLabel("Message")).toHaveValue("Written before my session expired.");
  await dialog.getByRole("button", { name: "Send" }).click();

  await expect(page).toHaveURL(THREAD_URL);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.acme.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["Written before my session expired."]);
});
