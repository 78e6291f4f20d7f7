import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listConversations } from "@/app/api/messages/conversations/route";
import { GET as listMessages } from "@/app/api/messages/conversations/[id]/messages/route";
import type { Conversation, Message } from "@/lib/messages/types";
import { api } from "@/tests/integration/support/api-client";
import { createAgency, withDatabase } from "@/tests/integration/support/database";
import { createTestUser, type TestUser } from "@/tests/integration/support/users";

// Keyset pages against the real stack: rows that share a timestamp keep one order (id breaks the tie), and
// walking the `next` cursors visits every row exactly once, whatever the page size.

const APP = "http://localhost:3000/api/messages/conversations";
const SAME_TIME = "2026-06-01T12:00:00.123456+00:00";

type Page<T> = { status: number; data: T[]; next: string | null };

async function get<T>(
  handler: (request: NextRequest, context: never) => Promise<Response>,
  user: TestUser,
  url: string,
  context?: unknown,
): Promise<Page<T>> {
  const request = new NextRequest(url, { headers: { authorization: `Bearer ${user.accessToken}` } });
  const response = await handler(request, context as never);
  const json = (await response.json()) as { data: T[]; next: string | null };
  return { status: response.status, data: json.data, next: json.next };
}

/** Follows `next` from the first page to the last; every page must be full except the last. */
async function walk<T>(firstUrl: string, fetchPage: (url: string) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let url = firstUrl;
  for (;;) {
    const page = await fetchPage(url);
    expect(page.status).toBe(200);
    pages.push(page.data);
    if (!page.next) return pages;
    expect(page.data).toHaveLength(limit);
    url = `${firstUrl}&before=${page.next}`;
    expect(pages.length).toBeLessThan(50);
  }
}

describe("thread pages", () => {
  let customer: TestUser;
  let conversationId: string;
  let expectedNewestFirst: string[];

  beforeAll(async () => {
    customer = await createTestUser("pager");
    const agencyId = await createAgency();
    const opened = await api.openConversation(customer, {
      context_type: "agency_inquiry",
      context_id: agencyId,
      initial_message: "First",
    });
    expect(opened.status).toBe(201);
    conversationId = opened.data.id;
    // Seven more messages, five of them at one instant, inserted directly: the API always stamps now().
    expectedNewestFirst = await withDatabase(async (client) => {
      await client.query(
        `insert into public.messages (conversation_id, sender_id, body, created_at)
         select $1, $2, 'Same time ' || n, $3::timestamptz from generate_series(1, 5) n`,
        [conversationId, customer.id, SAME_TIME],
      );
      await client.query(
        `insert into public.messages (conversation_id, sender_id, body, created_at)
         select $1, $2, 'Earlier ' || n, $3::timestamptz - n * interval '1 second' from generate_series(1, 2) n`,
        [conversationId, customer.id, SAME_TIME],
      );
      const rows = await client.query<{ id: string }>(
        "select id from public.messages where conversation_id = $1 order by created_at desc, id desc",
        [conversationId],
      );
      return rows.rows.map((row) => row.id);
    });
  });

  const fetchMessages = (url: string) =>
    get<Message>(listMessages, customer, url, { params: Promise.resolve({ id: conversationId }) });

  it.each([1, 2, 3, 8, 100])(
    "with limit %i, visit every message once, newest page first, oldest first within a page",
    async (limit) => {
      const pages = await walk(`${APP}/${conversationId}/messages?limit=${limit}`, fetchMessages, limit);
      for (const page of pages) {
        const times = page.map((message) => Date.parse(message.created_at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
      const newestFirst = pages.flatMap((page) => page.map((message) => message.id).reverse());
      expect(newestFirst).toEqual(expectedNewestFirst);
    },
  );

  it("answers the same page twice for the same cursor (stable order on equal timestamps)", async () => {
    const first = await fetchMessages(`${APP}/${conversationId}/messages?limit=2`);
    const again = await fetchMessages(`${APP}/${conversationId}/messages?limit=2&before=${first.next}`);
    const twice = await fetchMessages(`${APP}/${conversationId}/messages?limit=2&before=${first.next}`);
    expect(again.data.map((m) => m.id)).toEqual(twice.data.map((m) => m.id));
    expect(again.data.every((m) => m.created_at.startsWith("2026-06-01T12:00:00.123456"))).toBe(true);
  });

  it("refuses a cursor that was not handed out with 400", async () => {
    const page = await fetchMessages(`${APP}/${conversationId}/messages?before=${encodeURIComponent("abc!")}`);
    expect(page.status).toBe(400);
  });
});

describe("conversation pages", () => {
  let staff: TestUser;
  let expectedNewestFirst: string[];

  beforeAll(async () => {
    staff = await createTestUser("pager-staff");
    const agencyId = await createAgency();
    expectedNewestFirst = await withDatabase(async (client) => {
      await client.query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [
        agencyId,
        staff.id,
      ]);
      const customers: string[] = [];
      for (let n = 0; n < 7; n++) customers.push((await createTestUser(`pager-customer-${n}`)).id);
      // Four inquiries with the same last activity, two without messages (null activity sorts last, and they
      // share created_at), one older.
      await client.query(
        `insert into public.conversations (context_type, context_id, created_by, created_at, last_message_at)
         select 'agency_inquiry', $1, c.id, $2::timestamptz - interval '1 day',
           case when c.n <= 4 then $2::timestamptz when c.n = 7 then $2::timestamptz - interval '1 hour' end
         from unnest($3::uuid[]) with ordinality as c(id, n)`,
        [agencyId, SAME_TIME, customers],
      );
      const rows = await client.query<{ id: string }>(
        `select id from public.conversations where context_id = $1
         order by last_message_at desc nulls last, created_at desc, id desc`,
        [agencyId],
      );
      return rows.rows.map((row) => row.id);
    });
  });

  const fetchConversations = (url: string) => get<Conversation>(listConversations, staff, url);

  it.each([1, 2, 3, 7])("with limit %i, visit every conversation once in (activity, id) order", async (limit) => {
    const pages = await walk(`${APP}?limit=${limit}`, fetchConversations, limit);
    expect(pages.flat().map((conversation) => conversation.id)).toEqual(expectedNewestFirst);
  });

  it("refuses a message cursor in place of a conversation cursor with 400", async () => {
    const page = await fetchConversations(
      `${APP}?before=${Buffer.from(JSON.stringify([SAME_TIME, crypto.randomUUID()])).toString("base64url")}`,
    );
    expect(page.status).toBe(400);
  });
});
