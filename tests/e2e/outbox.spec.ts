// The outbox: what the user typed survives a reload, a closed tab and going offline, and is stored exactly
// once. Each scenario is checked in the database, not only in the page.
import type { Page, Route } from "@playwright/test";
import { api } from "../../lib/paths.ts";
import { seededAgencies } from "../support/factories/seed.ts";
import { expect, test } from "./support/fixtures.ts";
import { inquiries } from "./support/database.ts";
import { signUpNewUser } from "./support/test-users.ts";
import { THREAD_URL, openComposeDialog, signInThroughForm } from "./support/ui.ts";

const OFFLINE_MESSAGE =
  "You are offline. Your message is saved and will be sent when the connection is back. You can still edit or discard it.";
const isOpen = (url: URL) => url.pathname === api.conversations() && url.search === "";

/** The first POST reaches the server and is stored; its answer never reaches the page. */
async function loseFirstAnswer(page: Page, sentIds: string[], answer: "abort" | "hold" = "abort") {
  await page.route(
    (url) => isOpen(url),
    async (route: Route) => {
      if (route.request().method() !== "POST") return route.fallback();
      sentIds.push((route.request().postDataJSON() as { client_message_id: string }).client_message_id);
      if (sentIds.length > 1) return route.fallback();
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      if (answer === "abort") return route.abort("connectionreset").catch(() => {});
      // "hold": the tab is closed before the answer arrives.
    },
  );
}

function restoredDialog(page: Page, agency: { name: string }) {
  const dialog = page.getByRole("dialog", { name: new RegExp(agency.name) });
  return { dialog, message: dialog.getByLabel("Message"), send: dialog.getByRole("button", { name: "Send" }) };
}

test("lost answer, then reload: the draft comes back with its id and Send stores nothing new", async ({ page }) => {
  const user = await signUpNewUser("Olga Outbox");
  await signInThroughForm(page, user);
  const sentIds: string[] = [];
  await loseFirstAnswer(page, sentIds);

  const { dialog, message, send } = await openComposeDialog(page, seededAgencies.sunward);
  await message.fill("Outbox: is the Amalfi coast busy in May?");
  await send.click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  expect((await inquiries(user.id, seededAgencies.sunward.id)).messages).toHaveLength(1); // stored already

  await page.reload();
  const restored = restoredDialog(page, seededAgencies.sunward);
  await expect(restored.message).toHaveValue("Outbox: is the Amalfi coast busy in May?");
  await restored.send.click();

  await expect(page).toHaveURL(THREAD_URL);
  expect(sentIds).toEqual([sentIds[0], sentIds[0]]);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.sunward.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => [m.body, m.client_message_id])).toEqual([
    ["Outbox: is the Amalfi coast busy in May?", sentIds[0]],
  ]);
});

test("offline, then online: the dialog says it will be sent, and it is sent once by itself", async ({
  page,
  context,
}) => {
  const user = await signUpNewUser("Otto Offline");
  await signInThroughForm(page, user);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && isOpen(new URL(request.url()))) posts.push(request.postData() ?? "");
  });

  const { dialog, message, send } = await openComposeDialog(page, seededAgencies.silk);
  await message.fill("Written on a train without signal.");
  await context.setOffline(true);
  await send.click();
  await expect(dialog.getByRole("alert")).toHaveText(OFFLINE_MESSAGE);
  await expect(dialog.getByRole("button", { name: "Discard" })).toBeVisible();
  await message.fill("Written on a train without signal, edited.");
  expect((await inquiries(user.id, seededAgencies.silk.id)).messages).toHaveLength(0);

  await context.setOffline(false);

  await expect(page).toHaveURL(THREAD_URL);
  expect(posts).toHaveLength(1);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.silk.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["Written on a train without signal, edited."]);
});

test("send, close the tab before the answer, open the agency in a new tab: the draft is there, stored once", async ({
  context,
}) => {
  const user = await signUpNewUser("Tilda Tabclose");
  const first = await context.newPage();
  await signInThroughForm(first, user);
  const sentIds: string[] = [];
  await loseFirstAnswer(first, sentIds, "hold");

  const { message, send } = await openComposeDialog(first, seededAgencies.fjord);
  await message.fill("Closed the tab too early: kayaks included?");
  await send.click();
  await expect.poll(async () => (await inquiries(user.id, seededAgencies.fjord.id)).messages.length).toBe(1);
  await first.close();

  const second = await context.newPage();
  await second.goto(`/agencies/${seededAgencies.fjord.slug}`);
  const restored = restoredDialog(second, seededAgencies.fjord);
  await expect(restored.message).toHaveValue("Closed the tab too early: kayaks included?");
  await restored.send.click();

  await expect(second).toHaveURL(THREAD_URL);
  const { conversations, messages } = await inquiries(user.id, seededAgencies.fjord.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => [m.body, m.client_message_id])).toEqual([
    ["Closed the tab too early: kayaks included?", sentIds[0]],
  ]);
});

test("the same draft restored in two tabs: both send it, the server stores it once, both show the thread", async ({
  context,
}) => {
  const user = await signUpNewUser("Tove Twindraft");
  const first = await context.newPage();
  await signInThroughForm(first, user);
  const { message } = await openComposeDialog(first, seededAgencies.acme);
  await message.fill("One draft, two tabs.");

  await first.reload();
  const second = await context.newPage();
  await second.goto(`/agencies/${seededAgencies.acme.slug}`);
  const a = restoredDialog(first, seededAgencies.acme);
  const b = restoredDialog(second, seededAgencies.acme);
  await expect(a.message).toHaveValue("One draft, two tabs.");
  await expect(b.message).toHaveValue("One draft, two tabs.");

  await a.send.click();
  await expect(first).toHaveURL(THREAD_URL);
  await b.send.click();
  await expect(second).toHaveURL(THREAD_URL);

  expect(second.url()).toBe(first.url());
  const { conversations, messages } = await inquiries(user.id, seededAgencies.acme.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["One draft, two tabs."]);
});
