import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as openConversation } from "@/app/api/messages/conversations/route";
import { POST as postMessage } from "@/app/api/messages/conversations/[id]/messages/route";
import { createAgency, withDatabase } from "@/tests/integration/support/database";
import { testStack } from "@/tests/integration/support/stack";
import { createTestUser, type TestUser } from "@/tests/integration/support/users";

// The live topics end to end, with the real supabase-js client: who may join conversation:<id>,
// inbox:user:<id> and inbox:agency:<id> (the policies of 20261202110200_broadcast_new_messages.sql, evaluated
// by the stack's Realtime endpoint, or Supabase Realtime under `npm run test:supabase`), and what a send
// through the API delivers to them.

const APP = "http://localhost:3000/api/messages/conversations";
type Received = { event: string; payload: Record<string, unknown> };

const clients: SupabaseClient[] = [];

function realtimeFor(user: TestUser) {
  const { apiUrl, env } = testStack();
  const client = createClient(apiUrl, env.PUBLISHABLE_KEY!, { accessToken: async () => user.accessToken });
  clients.push(client);
  return client;
}

/** Joins `topic` privately as `user`; resolves with the join's outcome and the broadcasts received so far. */
async function join(user: TestUser, topic: string) {
  const client = realtimeFor(user);
  const channel: RealtimeChannel = client.channel(topic, { config: { private: true } });
  const received: Received[] = [];
  channel.on("broadcast", { event: "message_created" }, (message) => received.push(message as unknown as Received));
  await channel.socket.setAuth();
  const outcome = await new Promise<string>((resolve) =>
    channel.subscribe((status, err) => resolve(`${status}${err ? `: ${err.message}` : ""}`)),
  );
  return { outcome, received, channel };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function send(user: TestUser, conversationId: string, body: string) {
  const response = await postMessage(
    new NextRequest(`${APP}/${conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    }),
    { params: Promise.resolve({ id: conversationId }) },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

let customer: TestUser;
let staff: TestUser;
let colleague: TestUser;
let otherStaff: TestUser;
let stranger: TestUser;
let agencyId: string;
let conversationId: string;

beforeAll(async () => {
  [customer, staff, colleague, otherStaff, stranger] = (await Promise.all(
    ["customer", "staff", "colleague", "other-staff", "stranger"].map((role) => createTestUser(`live-${role}`)),
  )) as [TestUser, TestUser, TestUser, TestUser, TestUser];
  agencyId = await createAgency();
  const otherAgencyId = await createAgency();
  await withDatabase((client) =>
    client.query("insert into public.agency_members (agency_id, user_id) values ($1, $2), ($1, $3), ($4, $5)", [
      agencyId,
      staff.id,
      colleague.id,
      otherAgencyId,
      otherStaff.id,
    ]),
  );
  const opened = await openConversation(
    new NextRequest(APP, {
      method: "POST",
      headers: { authorization: `Bearer ${customer.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ context_type: "agency_inquiry", context_id: agencyId, initial_message: "Hello" }),
    }),
  );
  expect(opened.status).toBe(201);
  conversationId = ((await opened.json()) as { data: { id: string } }).data.id;
});

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
});

describe("joining the live topics", () => {
  it("lets participants join and refuses everyone else, on every topic kind", async () => {
    const conversation = `conversation:${conversationId}`;
    const userInbox = `inbox:user:${customer.id}`;
    const agencyInbox = `inbox:agency:${agencyId}`;
    const attempts: [TestUser, string, boolean][] = [
      [customer, conversation, true],
      [staff, conversation, true],
      [otherStaff, conversation, false],
      [stranger, conversation, false],
      [customer, userInbox, true],
      [staff, userInbox, false],
      [stranger, userInbox, false],
      [staff, agencyInbox, true],
      [customer, agencyInbox, false],
      [otherStaff, agencyInbox, false],
      [customer, "conversation:not-a-uuid", false],
    ];
    const outcomes = await Promise.all(attempts.map(([user, topic]) => join(user, topic)));
    outcomes.forEach(({ outcome }, n) => {
      const [, topic, allowed] = attempts[n]!;
      expect(outcome, `${n}: ${topic}`).toBe(
        allowed
          ? "SUBSCRIBED"
          : `CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
      );
    });
  });
});

describe("a send through the API", () => {
  it("reaches the conversation, the customer's inbox and the agency's inbox with the message's public fields", async () => {
    const [inThread, customerInbox, agencyInbox, colleagueThread] = await Promise.all([
      join(customer, `conversation:${conversationId}`),
      join(customer, `inbox:user:${customer.id}`),
      join(staff, `inbox:agency:${agencyId}`),
      join(colleague, `conversation:${conversationId}`),
    ]);
    for (const joined of [inThread, customerInbox, agencyInbox, colleagueThread])
      expect(joined.outcome).toBe("SUBSCRIBED");

    const message = await send(staff, conversationId, "Yes, four places left.");
    const expected = {
      id: message.id,
      conversation_id: conversationId,
      sender_id: staff.id,
      body: "Yes, four places left.",
      client_message_id: message.client_message_id,
    };
    for (const joined of [inThread, customerInbox, agencyInbox, colleagueThread]) {
      await waitFor(() => joined.received.length > 0, "the broadcast of the reply");
      expect(joined.received).toHaveLength(1);
      const [got] = joined.received;
      expect(got!.event).toBe("message_created");
      expect(got!.payload).toMatchObject(expected);
      expect(Date.parse(got!.payload.created_at as string)).toBe(Date.parse(message.created_at as string));
      expect(Object.keys(got!.payload).sort()).toEqual(
        ["body", "client_message_id", "conversation_id", "created_at", "id", "sender_id"].sort(),
      );
    }
  });

  it("does not let a participant send on the topic: only the database's message arrives", async () => {
    const listener = await join(colleague, `conversation:${conversationId}`);
    const sender = await join(customer, `conversation:${conversationId}`);
    expect([listener.outcome, sender.outcome]).toEqual(["SUBSCRIBED", "SUBSCRIBED"]);

    await sender.channel.send({ type: "broadcast", event: "message_created", payload: { body: "forged" } });
    // Then a real one. The forged frame reached the server first; had it been relayed, it would have arrived
    // before the real message, which takes an HTTP request, a commit and the database's notification.
    const real = await send(customer, conversationId, "A real one");
    await waitFor(() => listener.received.some((m) => m.payload.id === real.id), "the real message");
    expect(listener.received.map((m) => m.payload.body)).toEqual(["A real one"]);
  });
});
