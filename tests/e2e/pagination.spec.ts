// Long lists arrive one page at a time: a thread shows its newest 50 messages and loads earlier ones on
// demand; the inbox shows 20 conversations and links to older ones, the agency directory 24 agencies with
// Previous and Next links (plain links the server answers).
import { api, paths } from "../../lib/paths.ts";
import { seededAgencies } from "../support/factories/seed.ts";
import { query } from "./support/database.ts";
import { expect, test } from "./support/fixtures.ts";
import { signUpNewUser } from "./support/test-users.ts";
import { signInThroughForm } from "./support/ui.ts";

const THREAD_PAGE = 50;
const INBOX_PAGE = 20;
const DIRECTORY_PAGE = 24;

test("a long thread renders only its newest page; earlier pages load on demand, oldest last", async ({ page }) => {
  const user = await signUpNewUser("Lena Longthread");
  await signInThroughForm(page, user);
  const opened = await page.request.post(api.conversations(), {
    data: { context_type: "agency_inquiry", context_id: seededAgencies.sunward.id, initial_message: "Message 0" },
  });
  expect(opened.status()).toBe(201);
  const conversationId = ((await opened.json()) as { data: { id: string } }).data.id;
  // 120 more, one second apart in the recent past (equal timestamps are covered by the integration tests):
  // 121 messages, three pages.
  await query("update public.messages set created_at = now() - interval '1 hour' where conversation_id = $1", [
    conversationId,
  ]);
  await query(
    `insert into public.messages (conversation_id, sender_id, body, created_at)
     select $1, $2, 'Message ' || n, now() - (121 - n) * interval '1 second' from generate_series(1, 120) n`,
    [conversationId, user.id],
  );

  const document = await page.request.get(paths.thread(conversationId));
  const html = await document.text();
  expect(html).toContain("Message 120");
  expect(html).toContain("Message 71");
  expect(html).not.toContain("Message 70");
  expect(html).not.toContain("Message 0");

  await page.goto(paths.thread(conversationId));
  const messages = page.getByRole("list", { name: "Messages" }).locator("li p:not([role])");
  await expect(messages).toHaveCount(THREAD_PAGE);
  await expect(messages.first()).toHaveText("Message 71");
  await expect(messages.last()).toHaveText("Message 120");

  const showEarlier = page.getByRole("button", { name: "Show earlier messages" });
  await showEarlier.click();
  await expect(messages).toHaveCount(2 * THREAD_PAGE);
  await expect(messages.first()).toHaveText("Message 21");

  await showEarlier.click();
  await expect(messages).toHaveCount(121);
  await expect(messages.first()).toHaveText("Message 0");
  await expect(showEarlier).toHaveCount(0);
  const bodies = await messages.allTextContents();
  expect(bodies).toEqual(Array.from({ length: 121 }, (_, n) => `Message ${n}`));

  // The reply box is unchanged below the pages.
  await page.getByLabel("Message", { exact: true }).fill("A reply after paging back");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(messages.last()).toHaveText("A reply after paging back");
});

test("agency staff page through 25 inquiries with the Older conversations link (a plain link to ?before=)", async ({
  page,
}) => {
  const staff = await signUpNewUser("Sam Staff");
  const [agency] = await query<{ id: string }>(
    `insert into public.agencies (name, slug) values ('Paging Travel', 'paging-' || substr(md5(random()::text), 1, 8))
     returning id`,
  );
  await query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [agency!.id, staff.id]);
  // 25 customers (auth users made in SQL; the trigger creates their profiles), one inquiry each, newest = 25.
  await query(
    `with customers as (
       insert into auth.users (id, email, raw_user_meta_data)
       select gen_random_uuid(), 'paging-' || n || '-' || substr(md5(random()::text), 1, 8) || '@example.com',
         jsonb_build_object('display_name', 'Customer ' || n)
       from generate_series(1, 25) n
       returning id, (raw_user_meta_data ->> 'display_name') as name
     )
     insert into public.conversations (context_type, context_id, created_by, created_at, last_message_at)
     select 'agency_inquiry', $1, c.id, now() - interval '1 day',
       now() - interval '1 hour' + split_part(c.name, ' ', 2)::int * interval '1 second'
     from customers c`,
    [agency!.id],
  );

  await signInThroughForm(page, staff, paths.inbox());
  const rows = page.getByRole("list", { name: "Conversations" }).getByRole("listitem");
  await expect(rows).toHaveCount(INBOX_PAGE);
  await expect(rows.first()).toContainText("Customer 25");
  await expect(rows.last()).toContainText("Customer 6");

  const older = page.getByRole("link", { name: "Older conversations" });
  const href = await older.getAttribute("href");
  expect(href).toMatch(/^\/messages\?before=[A-Za-z0-9_-]+$/);
  // The server answers the link by itself: the older page is in the HTML, before any script runs.
  const html = await (await page.request.get(href!)).text();
  expect(html).toContain("Customer 5");
  expect(html).not.toContain("Customer 6");

  await older.click();
  await expect(page).toHaveURL(/\/messages\?before=/);
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText("Customer 5");
  await expect(rows.last()).toContainText("Customer 1");
  await expect(page.getByRole("link", { name: "Older conversations" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest conversations" }).click();
  await expect(rows.first()).toContainText("Customer 25");
});

test("the agency directory pages by name with Next and Previous links (plain links the server answers)", async ({
  page,
  expectAccessible,
}) => {
  // 50 agencies named to sort after every other (the seeded ones, other specs'), two of each name (the id
  // orders them), with the punctuation a PostgREST filter would misread unquoted: with the seed's 7, 3 pages.
  const tag = `zz-paging-${Math.random().toString(36).slice(2, 8)}`;
  const created = await query<{ slug: string }>(
    `insert into public.agencies (name, slug)
     select format('Zz Paging %s "No. %s", (a\\b)', $1::text, lpad(((n + 1) / 2)::text, 2, '0')), $1 || '-' || n
     from generate_series(1, 50) n
     returning slug`,
    [tag],
  );
  expect(created).toHaveLength(50);
  try {
    const expected = (
      await query<{ slug: string }>("select slug from public.agencies where slug like $1 || '-%' order by name, id", [
        tag,
      ])
    ).map((row) => row.slug);
    const cards = page.getByRole("list", { name: "Agencies" }).getByRole("listitem");
    const next = page.getByRole("link", { name: "Next page" });
    const previous = page.getByRole("link", { name: "Previous page" });
    const ours = async () =>
      (await cards.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href")!)))
        .map((href) => decodeURIComponent(href.replace(/^\/agencies\//, "")))
        .filter((slug) => slug.startsWith(`${tag}-`));

    // Forwards from the first page to the last, loading each Next link as a document (what a browser without
    // JavaScript does): every agency once, in (name, id) order.
    await page.goto(paths.agencies());
    await expect(previous).toHaveCount(0);
    const pages: string[][] = [];
    for (;;) {
      pages.push(await ours());
      if ((await next.count()) === 0) break;
      await expect(cards).toHaveCount(DIRECTORY_PAGE);
      const href = await next.getAttribute("href");
      expect(href).toMatch(/^\/agencies\?after=[A-Za-z0-9_-]+$/);
      await page.goto(href!);
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages.flat()).toEqual(expected);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    await expect(page.getByRole("main")).toContainText('"No. 25", (a\\b)');

    // Backwards by the Previous links: the same pages, in reverse, back to the first (which has no Previous).
    for (let index = pages.length - 2; index >= 0; index--) {
      const href = await previous.getAttribute("href");
      expect(href).toMatch(/^\/agencies\?before=[A-Za-z0-9_-]+$/);
      await page.goto(href!);
      expect(await ours()).toEqual(pages[index]);
      if (index === 1) await expectAccessible(page, "agencies, a middle page with Previous and Next");
    }
    await expect(previous).toHaveCount(0);
    await expect(cards).toHaveCount(DIRECTORY_PAGE);

    // With JavaScript, a click on Next is a client-side navigation to the same page.
    await next.click();
    await expect(page).toHaveURL(/\/agencies\?after=/);
    await expect(previous).toBeVisible();
    await expect(cards.getByRole("link").first()).toHaveAttribute("href", paths.agency(pages[1]![0]!));

    // A cursor that does not parse (edited by hand) shows the first page.
    await page.goto(`${paths.agencies()}?after=not-a-cursor`);
    await expect(cards.first().getByRole("link")).toHaveText("Acme Travel");
    await expect(previous).toHaveCount(0);
  } finally {
    await query("delete from public.agencies where slug like $1 || '-%'", [tag]);
  }
});
