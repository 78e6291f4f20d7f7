// Live conversations in two browser contexts: a new customer (signed up for each test, so counts are theirs
// alone) and Dave, staff of Fjord & Fell, who receives the customer's inquiry. Every message is checked by its
// unique text; "once" is a count of list items with that text.
import type { Page } from "@playwright/test";
import { api, paths } from "../../lib/paths.ts";
import { expect, test as base } from "./support/fixtures.ts";
import { openInquiryAsNewCustomer, type Inquiry } from "./support/live-inquiry.ts";

const test = base.extend<{ inquiry: Inquiry }>({
  inquiry: async ({ browser }, provide) => {
    const inquiry = await openInquiryAsNewCustomer(browser);
    await provide(inquiry);
    await inquiry.customerPage.context().close();
  },
});

const unique = (label: string) => `${label} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const messageList = (page: Page) => page.getByRole("list", { name: "Messages" });
const messagesWith = (page: Page, text: string) => messageList(page).getByRole("listitem").filter({ hasText: text });

/** Opens the thread and waits until its channel is joined, so what follows is a live delivery. */
async function openLiveThread(page: Page, conversationId: string) {
  await page.goto(paths.thread(conversationId));
  await expect(messageList(page)).toHaveAttribute("data-live", "live");
}

async function reply(page: Page, text: string) {
  const reply = page.getByRole("region", { name: "Reply" });
  await reply.getByLabel(/Message|Reply/).fill(text);
  await reply.getByRole("button", { name: "Send" }).click();
  await expect(messagesWith(page, text)).toHaveCount(1);
}

/** Waits until the page's user has nothing unread in the conversation (the API's own count). */
async function expectRead(page: Page, conversationId: string) {
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(api.conversation(conversationId))).json()) as Record<string, unknown>).data,
    )
    .toMatchObject({ unread_count: 0 });
}

/**
 * Counts the page's document loads from now on: a live update must not need one. (Not framenavigated: that also
 * fires for the history updates of a client-side router.refresh.)
 */
function countNavigations(page: Page) {
  const navigations = { count: 0 };
  page.on("domcontentloaded", () => navigations.count++);
  return navigations;
}

test("a send appears in the other side's open thread within 2 s, with no navigation", async ({
  inquiry,
  staffPage,
}) => {
  const { customerPage, conversationId } = inquiry;
  await openLiveThread(staffPage, conversationId);
  await openLiveThread(customerPage, conversationId);
  const staffNavigations = countNavigations(staffPage);
  const customerNavigations = countNavigations(customerPage);

  const question = unique("Can we bring a dog?");
  await reply(customerPage, question);
  await expect(messagesWith(staffPage, question)).toHaveCount(1, { timeout: 2_000 });

  const answer = unique("Yes, dogs are welcome.");
  await reply(staffPage, answer);
  await expect(messagesWith(customerPage, answer)).toHaveCount(1, { timeout: 2_000 });

  expect(staffNavigations.count).toBe(0);
  expect(customerNavigations.count).toBe(0);
});

test("the staff inbox's unread badge rises live, and opening the thread clears it", async ({
  inquiry,
  staffPage,
  expectAccessible,
}) => {
  const { customer, customerPage, conversationId } = inquiry;
  await openLiveThread(customerPage, conversationId);
  // Dave reads the inquiry first, so the count starts at zero.
  await openLiveThread(staffPage, conversationId);
  await expectRead(staffPage, conversationId);
  await staffPage.goto(paths.inbox());
  await expect(staffPage.locator("[data-live]").first()).toHaveAttribute("data-live", "live");
  const row = staffPage.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({
    hasText: customer.displayName,
  });
  await expect(row).not.toContainText("unread");

  await reply(customerPage, unique("First follow-up"));
  await expect(row).toContainText("1 unread");
  await reply(customerPage, unique("Second follow-up"));
  await expect(row).toContainText("2 unread");
  await expect(staffPage.getByRole("link", { name: /^Messages, \d+ unread$/ })).toBeVisible();
  await expectAccessible(staffPage, "inbox with unread counts");

  await row.getByRole("link").click();
  await expect(messageList(staffPage)).toHaveAttribute("data-live", "live");
  // Marked read while visible; the inbox then counts nothing for this conversation.
  await expectRead(staffPage, conversationId);
  await staffPage.goto(paths.inbox());
  await expect(row).toBeVisible();
  await expect(row).not.toContainText("unread");
});

test("with the websocket blocked, the reply still arrives by polling", async ({ inquiry, staffPage }) => {
  const { customerPage, conversationId } = inquiry;
  // Every Realtime socket of the staff page is closed as soon as it opens.
  await staffPage.routeWebSocket(/\/realtime\/v1\/websocket/, (socket) => socket.close());
  await staffPage.goto(paths.thread(conversationId));
  await expect(messageList(staffPage)).toHaveAttribute("data-live", "down", { timeout: 20_000 });
  const navigations = countNavigations(staffPage);
  await customerPage.goto(paths.thread(conversationId));

  const text = unique("Sent while the staff socket is blocked");
  await reply(customerPage, text);
  // One poll interval (5 s) and the request's time.
  await expect(messagesWith(staffPage, text)).toHaveCount(1, { timeout: 8_000 });
  expect(navigations.count).toBe(0);
});

test("a reload never duplicates a message that arrived live", async ({ inquiry, staffPage }) => {
  const { customerPage, conversationId } = inquiry;
  await openLiveThread(staffPage, conversationId);
  await customerPage.goto(paths.thread(conversationId));
  const text = unique("Arrives live, then the page reloads");
  await reply(customerPage, text);
  await expect(messagesWith(staffPage, text)).toHaveCount(1, { timeout: 2_000 });

  await staffPage.reload();
  await expect(messageList(staffPage)).toHaveAttribute("data-live", "live");
  await expect(messagesWith(staffPage, text)).toHaveCount(1);
  // The catch-up after the join brought nothing twice either.
  await expect(messageList(staffPage).getByRole("listitem")).toHaveCount(2);
});

test("the sender's own second tab shows the message once", async ({ inquiry, expectAccessible }) => {
  const { customerPage, conversationId } = inquiry;
  const secondTab = await customerPage.context().newPage();
  await openLiveThread(customerPage, conversationId);
  await openLiveThread(secondTab, conversationId);

  const text = unique("Sent from the first tab");
  await reply(customerPage, text);
  await expect(messagesWith(secondTab, text)).toHaveCount(1, { timeout: 2_000 });
  // The broadcast reached the first tab too (the second got it at the same time): still one copy there.
  await expect(messagesWith(customerPage, text)).toHaveCount(1);
  await expect(messageList(customerPage).getByRole("listitem")).toHaveCount(2);
  await expect(messageList(secondTab).getByRole("listitem")).toHaveCount(2);
  await expectAccessible(secondTab, "thread with a live message");
});
