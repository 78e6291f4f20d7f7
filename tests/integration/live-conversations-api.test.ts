import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listConversations, POST as openConversation } from "@/app/api/messages/conversations/route";
import { GET as getConversation } from "@/app/api/messages/conversations/[id]/route";
import { GET as listMessages, POST as postMessage } from "@/app/api/messages/conversations/[id]/messages/route";
import { PUT as markRead } from "@/app/api/messages/conversations/[id]/read/route";
import { encodeMessageCursor } from "@/lib/messages/cursor";
import { createAgency, withDatabase } from "@/tests/integration/support/database";
import { createTestUser, type TestUser } from "@/tests/integration/support/users";

// Live conversations against the real stack (PostgREST, the database's triggers and policies): unread counts,
// read markers, messages after a cursor, and the broadcast rows a send leaves in realtime.messages.

const APP = "http://localhost:3000/api/messages/conversations";
type Json = { data?: unknown; next?: string | null; error?: { code: string } };
type Row = { id: string; unread_count: number; customer_message_count: number; agency_message_count: number };
type MessageRow = { id: string; body: string; created_at: string };

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const auth = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });

async function call(response: Promise<Response>) {
  const answer = await response;
  return { status: answer.status, json: (await answer.json()) as Json };
}

const send = (user: TestUser, conversationId: string, body: string) =>
  call(
    postMessage(
      new NextRequest(`${APP}/${conversationId}/messages`, {
        method: "POST",
        headers: { ...auth(user), "content-type": "application/json" },
        body: JSON.stringify({ body }),
      }),
      params(conversationId),
    ),
  );
const conversation = (user: TestUser, id: string) =>
  call(getConversation(new NextRequest(`${APP}/${id}`, { headers: auth(user) }), params(id)));
const list = (user: TestUser) => call(listConversations(new NextRequest(`${APP}?limit=100`, { headers: auth(user) })));
const read = (user: TestUser, id: string) =>
  call(markRead(new NextRequest(`${APP}/${id}/read`, { method: "PUT", headers: auth(user) }), params(id)));
const messages = (user: TestUser, id: string, query: string) =>
  call(listMessages(new NextRequest(`${APP}/${id}/messages?${query}`, { headers: auth(user) }), params(id)));
const unreadOf = async (user: TestUser, id: string) => ((await conversation(user, id)).json.data as Row).unread_count;

/** An agency with two staff members, and a customer's inquiry to it (one message). */
async function inquiry(label: string) {
  const [customer, staff, colleague, stranger] = await Promise.all(
    ["customer", "staff", "colleague", "stranger"].map((role) => createTestUser(`${label}-${role}`)),
  );
  const agencyId = await createAgency();
  await withDatabase((client) =>
    client.query("insert into public.agency_members (agency_id, user_id) values ($1, $2), ($1, $3)", [
      agencyId,
      staff!.id,
      colleague!.id,
    ]),
  );
  const opened = await call(
    openConversation(
      new NextRequest(APP, {
        method: "POST",
        headers: { ...auth(customer!), "content-type": "application/json" },
        body: JSON.stringify({ context_type: "agency_inquiry", context_id: agencyId, initial_message: "Hello" }),
      }),
    ),
  );
  expect(opened.status).toBe(201);
  const conversationId = (opened.json.data as { id: string }).id;
  return { customer: customer!, staff: staff!, colleague: colleague!, stranger: stranger!, agencyId, conversationId };
}

describe("unread counts and read markers", () => {
  let actors: Awaited<ReturnType<typeof inquiry>>;

  beforeAll(async () => {
    actors = await inquiry("unread");
  });

  it("counts the other side's messages: never one's own, nor a colleague's reply", async () => {
    const { customer, staff, colleague, conversationId } = actors;
    expect(await unreadOf(customer, conversationId)).toBe(0);
    expect(await unreadOf(staff, conversationId)).toBe(1);

    expect((await send(staff, conversationId, "Welcome!")).status).toBe(201);
    expect((await send(colleague, conversationId, "And from me.")).status).toBe(201);

    expect(await unreadOf(customer, conversationId)).toBe(2);
    expect(await unreadOf(staff, conversationId)).toBe(1);
    expect(await unreadOf(colleague, conversationId)).toBe(1);
    const listed = (await list(customer)).json.data as Row[];
    expect(listed.find((row) => row.id === conversationId)).toMatchObject({
      unread_count: 2,
      customer_message_count: 1,
      agency_message_count: 2,
    });
    expect(listed.find((row) => row.id === conversationId)).not.toHaveProperty("conversation_reads");
  });

  it("marks read for the caller only, idempotently", async () => {
    const { customer, staff, colleague, conversationId } = actors;
    const first = await read(staff, conversationId);
    expect(first.status).toBe(200);
    expect(first.json.data).toMatchObject({ conversation_id: conversationId, seen_count: 1, unread_count: 0 });
    expect(await unreadOf(staff, conversationId)).toBe(0);
    expect(await unreadOf(colleague, conversationId)).toBe(1);

    const again = await read(staff, conversationId);
    expect(again.status).toBe(200);
    expect(again.json.data).toMatchObject({ seen_count: 1 });
    const markers = await withDatabase(async (client) => {
      const result = await client.query("select user_id from public.conversation_reads where conversation_id = $1", [
        conversationId,
      ]);
      return result.rows.map((row: { user_id: string }) => row.user_id);
    });
    expect(markers).toEqual([staff.id]);

    expect((await read(customer, conversationId)).json.data).toMatchObject({ seen_count: 2 });
    expect(await unreadOf(customer, conversationId)).toBe(0);
    expect((await send(customer, conversationId, "Thanks!")).status).toBe(201);
    expect(await unreadOf(customer, conversationId)).toBe(0);
    expect(await unreadOf(staff, conversationId)).toBe(1);
  });

  it("answers 404 to anyone who does not take part, and writes no marker", async () => {
    const { stranger, conversationId } = actors;
    const refused = await read(stranger, conversationId);
    expect(refused.status).toBe(404);
    expect(refused.json.error?.code).toBe("conversation_not_found");
    expect((await read(stranger, crypto.randomUUID())).status).toBe(404);
    const count = await withDatabase(async (client) =>
      Number(
        (await client.query("select count(*) as n from public.conversation_reads where user_id = $1", [stranger.id]))
          .rows[0].n,
      ),
    );
    expect(count).toBe(0);
  });
});

describe("parallel sends and marks", () => {
  it("counts every message exactly once and never moves a marker back or past what was sent", async () => {
    const { customer, staff, colleague, conversationId } = await inquiry("parallel");
    const sends = [
      ...Array.from({ length: 12 }, (_, n) => send(customer, conversationId, `Customer ${n}`)),
      ...Array.from({ length: 6 }, (_, n) => send(staff, conversationId, `Staff ${n}`)),
      ...Array.from({ length: 6 }, (_, n) => send(colleague, conversationId, `Colleague ${n}`)),
    ];
    const marks = Array.from({ length: 12 }, () => read(staff, conversationId));
    const answers = await Promise.all([...sends, ...marks]);
    expect(answers.slice(0, sends.length).map((answer) => answer.status)).toEqual(sends.map(() => 201));
    expect(answers.slice(sends.length).map((answer) => answer.status)).toEqual(marks.map(() => 200));

    const state = await withDatabase(async (client) => {
      const result = await client.query(
        `select c.customer_message_count, c.agency_message_count,
           (select count(*) from public.messages m where m.conversation_id = c.id and m.sender_id = c.created_by)::int as customer_messages,
           (select count(*) from public.messages m where m.conversation_id = c.id and m.sender_id <> c.created_by)::int as agency_messages,
           (select r.seen_count from public.conversation_reads r where r.conversation_id = c.id and r.user_id = $2) as seen
         from public.conversations c where c.id = $1`,
        [conversationId, staff.id],
      );
      return result.rows[0] as Record<string, number>;
    });
    expect(state).toMatchObject({
      customer_message_count: 13,
      agency_message_count: 12,
      customer_messages: 13,
      agency_messages: 12,
    });
    expect(state.seen).toBeLessThanOrEqual(13);
    expect(await unreadOf(staff, conversationId)).toBe(13 - state.seen!);
    expect((await read(staff, conversationId)).json.data).toMatchObject({ seen_count: 13 });
    expect(await unreadOf(staff, conversationId)).toBe(0);
  });
});

describe("messages after a cursor", () => {
  let actors: Awaited<ReturnType<typeof inquiry>>;
  let thread: MessageRow[];

  beforeAll(async () => {
    actors = await inquiry("after");
    const { customer, staff, conversationId } = actors;
    for (let n = 1; n <= 4; n++)
      expect((await send(n % 2 ? staff : customer, conversationId, `Reply ${n}`)).status).toBe(201);
    // Three more at one instant (the API stamps now(): inserted directly), so the cursor's id breaks the tie.
    await withDatabase((client) =>
      client.query(
        `insert into public.messages (conversation_id, sender_id, body, created_at)
         select $1, $2, 'Same time ' || n, now() + interval '1 minute' from generate_series(1, 3) n`,
        [conversationId, customer.id],
      ),
    );
    thread = await withDatabase(async (client) => {
      const result = await client.query(
        // created_at as PostgREST writes it (microseconds; node-pg would make a millisecond Date of it).
        "select id, body, to_json(created_at) #>> '{}' as created_at from public.messages where conversation_id = $1 order by created_at, id",
        [conversationId],
      );
      return result.rows as MessageRow[];
    });
    expect(thread).toHaveLength(8);
  });

  it("walks forward from any message to the newest, oldest first, each message once", async () => {
    const { staff, conversationId } = actors;
    const first = await messages(staff, conversationId, "limit=50");
    const held = (first.json.data as MessageRow[])[1]!;
    const seen: string[] = [];
    let cursor: string | null = encodeMessageCursor(held);
    for (let pages = 0; cursor && pages < 10; pages++) {
      const page = await messages(staff, conversationId, `limit=2&after=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...(page.json.data as MessageRow[]).map((message) => message.id));
      cursor = page.json.next ?? null;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(thread.slice(2).map((message) => message.id));
  });

  it("answers nothing after the newest message, 404 to an outsider and 400 to before with after", async () => {
    const { staff, stranger, conversationId } = actors;
    const newest = encodeMessageCursor(thread.at(-1)!);
    expect((await messages(staff, conversationId, `after=${newest}`)).json).toEqual({ data: [], next: null });
    expect((await messages(stranger, conversationId, `after=${newest}`)).status).toBe(404);
    expect((await messages(staff, conversationId, `after=${newest}&before=${newest}`)).status).toBe(400);
  });

  it("takes a cursor built from a broadcast payload", async () => {
    const { customer, staff, conversationId } = actors;
    const liveOne = await send(customer, conversationId, "Live one");
    const liveTwo = await send(customer, conversationId, "Live two");
    expect([liveOne.status, liveTwo.status]).toEqual([201, 201]);
    const payload = await withDatabase(async (client) => {
      const result = await client.query(
        "select payload from realtime.messages where topic = $1 and payload ->> 'id' = $2",
        [`conversation:${conversationId}`, (liveOne.json.data as MessageRow).id],
      );
      return result.rows[0]?.payload as MessageRow;
    });
    // What a client that missed "Live two" asks: everything after the last message it received live.
    const page = await messages(staff, conversationId, `after=${encodeMessageCursor(payload)}`);
    expect(page.status).toBe(200);
    const ids = (page.json.data as MessageRow[]).map((message) => message.id);
    expect(ids[0]).toBe((liveTwo.json.data as MessageRow).id);
    expect(ids).not.toContain(payload.id);
  });
});

describe("broadcast of a send", () => {
  it("leaves one private message_created row per topic, with the message's public fields only", async () => {
    const { customer, stranger, agencyId, conversationId } = await inquiry("broadcast");
    const sent = await send(customer, conversationId, "Broadcast me");
    expect(sent.status).toBe(201);
    const message = sent.json.data as Record<string, unknown>;
    const rows = await withDatabase(async (client) => {
      const result = await client.query(
        `select topic, event, private, payload from realtime.messages where payload ->> 'id' = $1 order by topic`,
        [message.id],
      );
      return result.rows as { topic: string; event: string; private: boolean; payload: Record<string, unknown> }[];
    });
    expect(rows.map((row) => row.topic)).toEqual([
      `conversation:${conversationId}`,
      `inbox:agency:${agencyId}`,
      `inbox:user:${customer.id}`,
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ event: "message_created", private: true });
      expect(Object.keys(row.payload).sort()).toEqual(
        ["body", "client_message_id", "conversation_id", "created_at", "id", "sender_id"].sort(),
      );
      expect(row.payload).toMatchObject({
        id: message.id,
        conversation_id: conversationId,
        sender_id: customer.id,
        body: "Broadcast me",
        client_message_id: message.client_message_id,
      });
      expect(Date.parse(row.payload.created_at as string)).toBe(Date.parse(message.created_at as string));
    }

    const refused = await send(stranger, conversationId, "Let me in");
    expect(refused.status).toBe(404);
    const leaked = await withDatabase(async (client) =>
      client.query("select 1 from realtime.messages where payload ->> 'body' = 'Let me in'"),
    );
    expect(leaked.rowCount).toBe(0);
  });
});
