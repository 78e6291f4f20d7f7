// The outbox: what the user typed survives a reload, a closed tab and going offline, and is stored exactly
// once. Each scenario is checked in the database, not only in the page.
import { expect, test, type Page, type Route } from "@playwright/test";
import { AGENCIES, createUser, inquiries, openComposeDialog, signIn, THREAD_URL } from "./support/fixtures.ts";

const OFFLINE_MESSAGE =
  "You are offline. Your message is saved and will be sent when the connection is back. You can still edit or discard it.";
const isOpen = (url: URL) => url.pathname === "/api/messages/conversations" && url.search === "";

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
  const user = await createUser("Olga Outbox");
  await signIn(page, user);
  const sentIds: string[] = [];
  await loseFirstAnswer(page, sentIds);

  const { dialog, message, send } = await openComposeDialog(page, AGENCIES.sunward);
  await message.fill("Outbox: is the Amalfi coast busy in May?");
  await send.click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  expect((await inquiries(user.id, AGENCIES.sunward.id)).messages).toHaveLength(1); // stored already

  await page.reload();
  const restored = restoredDialog(page, AGENCIES.sunward);
  await expect(restored.message).toHaveValue("Outbox: is the Amalfi coast busy in May?");
  await restored.send.click();

  await expect(page).toHaveURL(THREAD_URL);
  expect(sentIds).toEqual([sentIds[0], sentIds[0]]);
  const { conversations, messages } = await inquiries(user.id, AGENCIES.sunward.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => [m.body, m.client_message_id])).toEqual([
    ["Outbox: is the Amalfi coast busy in May?", sentIds[0]],
  ]);
});

test("offline, then online: the dialog says it will be sent, and it is sent once by itself", async ({
  page,
  context,
}) => {
  const user = await createUser("Otto Offline");
  await signIn(page, user);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && isOpen(new URL(request.url()))) posts.push(request.postData() ?? "");
  });

  const { dialog, message, send } = await openComposeDialog(page, AGENCIES.silk);
  await message.fill("Written on a train without signal.");
  await context.setOffline(true);
  await send.click();
  await expect(dialog.getByRole("alert")).toHaveText(OFFLINE_MESSAGE);
  await expect(dialog.getByRole("button", { name: "Discard" })).toBeVisible();
  await message.fill("Written on a train without signal, edited.");
  expect((await inquiries(user.id, AGENCIES.silk.id)).messages).toHaveLength(0);

  await context.setOffline(false);

  await expect(page).toHaveURL(THREAD_URL);
  expect(posts).toHaveLength(1);
  const { conversations, messages } = await inquiries(user.id, AGENCIES.silk.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["Written on a train without signal, edited."]);
});

test("send, close the tab before the answer, open the agency in a new tab: the draft is there, stored once", async ({
  context,
}) => {
  const user = await createUser("Tilda Tabclose");
  const first = await context.newPage();
  await signIn(first, user);
  const sentIds: string[] = [];
  await loseFirstAnswer(first, sentIds, "hold");

  const { message, send } = await openComposeDialog(first, AGENCIES.fjord);
  await message.fill("Closed the tab too early: kayaks included?");
  await send.click();
  await expect.poll(async () => (await inquiries(user.id, AGENCIES.fjord.id)).messages.length).toBe(1);
  await first.close();

  const second = await context.newPage();
  await second.goto(`/agencies/${AGENCIES.fjord.slug}`);
  const restored = restoredDialog(second, AGENCIES.fjord);
  await expect(restored.message).toHaveValue("Closed the tab too early: kayaks included?");
  await restored.send.click();

  await expect(second).toHaveURL(THREAD_URL);
  const { conversations, messages } = await inquiries(user.id, AGENCIES.fjord.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => [m.body, m.client_message_id])).toEqual([
    ["Closed the tab too early: kayaks included?", sentIds[0]],
  ]);
});

test("the same draft restored in two tabs: both send it, the server stores it once, both show the thread", async ({
  context,
}) => {
  const user = await createUser("Tove Twindraft");
  const first = await context.newPage();
  await signIn(first, user);
  const { message } = await openComposeDialog(first, AGENCIES.acme);
  await message.fill("One draft, two tabs.");

  await first.reload();
  const second = await context.newPage();
  await second.goto(`/agencies/${AGENCIES.acme.slug}`);
  const a = restoredDialog(first, AGENCIES.acme);
  const b = restoredDialog(second, AGENCIES.acme);
  await expect(a.message).toHaveValue("One draft, two tabs.");
  await expect(b.message).toHaveValue("One draft, two tabs.");

  await a.send.click();
  await expect(first).toHaveURL(THREAD_URL);
  await b.send.click();
  await expect(second).toHaveURL(THREAD_URL);

  expect(second.url()).toBe(first.url());
  const { conversations, messages } = await inquiries(user.id, AGENCIES.acme.id);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => m.body)).toEqual(["One draft, two tabs."]);
});
