// Live conversations under load, with the real supabase-js client against the stack's Realtime endpoint and
// sends through `next start`: 50 subscribed sockets and a 500-send storm; sockets that may not join; the
// Realtime fan-out cut mid-storm and the catch-up (GET …/messages?after=) that makes up for it.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { User } from "local-supabase";
import { afterAll, describe, expect, it } from "vitest";
import { mergeMessages } from "@/lib/messages/live/merge-messages";
import { labelMessage, type RawMessage, type ThreadMessage } from "@/lib/messages/live/thread-labels";
import { fileFigures } from "./support/figures.ts";
import { bearer, ctx, newAgency, newUser, openBody, pool, query, send, type Answer } from "./support/helpers.ts";

const figures = fileFigures("live-storm");
const clients: SupabaseClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
});

type Payload = RawMessage & { conversation_id: string };
type Subscriber = { user: User; topic: string; outcome: string; received: Payload[] };

/** One socket per subscriber (its own supabase-js client), joined to one private topic. */
async function subscribe(user: User, topic: string): Promise<Subscriber> {
  const client = createClient(ctx().apiUrl, ctx().env.PUBLISHABLE_KEY!, { accessToken: async () => user.accessToken });
  clients.push(client);
  const subscriber: Subscriber = { user, topic, outcome: "", received: [] };
  const channel = client
    .channel(topic, { config: { private: true } })
    .on("broadcast", { event: "message_created" }, ({ payload }) => subscriber.received.push(payload as Payload));
  await client.realtime.setAuth();
  subscriber.outcome = await new Promise<string>((resolve) => channel.subscribe((status) => resolve(status)));
  return subscriber;
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Customers with an inquiry each to one agency whose `staffCount` members are staff. */
async function inquiries(count: number, staffCount: number) {
  const agencyId = await newAgency();
  const staff = await Promise.all(Array.from({ length: staffCount }, (_, i) => newUser(`live-staff-${i}`)));
  for (const member of staff)
    await query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [agencyId, member.id]);
  const customers = await Promise.all(Array.from({ length: count }, (_, i) => newUser(`live-customer-${i}`)));
  const conversationIds = await pool(customers, 10, async (customer) => {
    const answer = (await send(figures, `${ctx().appUrl}/api/messages/conversations`, {
      method: "POST",
      headers: bearer(customer.accessToken),
      body: JSON.stringify(openBody(agencyId, "Opening question")),
    })) as Answer;
    expect(answer.status).toBe(201);
    return (answer.json as { data: { id: string } }).data.id;
  });
  return { agencyId, staff, customers, conversationIds };
}

/** The thread as the UI shows it: what one socket received, then a catch-up, through the same merge. */
function shownThread(viewer: User, received: RawMessage[]): ThreadMessage[] {
  const labels = {
    viewerId: viewer.id,
    customerId: viewer.id,
    viewerRole: "customer" as const,
    agencyName: "Agency",
    customerName: "Customer",
    staffNames: {},
  };
  return mergeMessages(
    [],
    received.map((message) => labelMessage(message, labels)),
  );
}

async function catchUp(user: User, conversationId: string, after: string | null): Promise<RawMessage[]> {
  const rows: RawMessage[] = [];
  let cursor = after;
  for (;;) {
    const search = new URLSearchParams({ limit: "100" });
    if (cursor) search.set("after", cursor);
    const answer = (await send(
      figures,
      `${ctx().appUrl}/api/messages/conversations/${conversationId}/messages?${search}`,
      {
        headers: bearer(user.accessToken),
      },
    )) as Answer;
    expect(answer.status).toBe(200);
    const page = answer.json as { data: RawMessage[]; next: string | null };
    rows.push(...page.data);
    if (!page.next || !cursor) return rows;
    cursor = page.next;
  }
}

async function storm(
  conversations: { id: string; senders: User[] }[],
  perConversation: number,
  onSent?: (sent: number) => Promise<void> | void,
) {
  const jobs = conversations.flatMap((conversation) =>
    Array.from({ length: perConversation }, (_, i) => ({ conversation, sender: conversation.senders[i % 2]!, i })),
  );
  let sent = 0;
  const ids = new Map<string, Set<string>>(conversations.map((c) => [c.id, new Set()]));
  await pool(jobs, 50, async ({ conversation, sender, i }) => {
    const answer = (await send(figures, `${ctx().appUrl}/api/messages/conversations/${conversation.id}/messages`, {
      method: "POST",
      headers: bearer(sender.accessToken),
      body: JSON.stringify({ body: `storm ${i}`, client_message_id: crypto.randomUUID() }),
    })) as Answer;
    expect(answer.status).toBe(201);
    ids.get(conversation.id)!.add((answer.json as { data: { id: string } }).data.id);
    sent++;
    await onSent?.(sent);
  });
  return ids;
}

describe("live conversations under load", () => {
  it("50 subscribers, 500 sends: every participant's socket gets each message, the UI shows it once", async () => {
    const { staff, customers, conversationIds } = await inquiries(25, 5);
    const subscribers = await Promise.all([
      ...customers.map((customer, i) => subscribe(customer, `conversation:${conversationIds[i]}`)),
      ...conversationIds.map((id, i) => subscribe(staff[i % staff.length]!, `conversation:${id}`)),
    ]);
    expect(subscribers.map((s) => s.outcome)).toEqual(subscribers.map(() => "SUBSCRIBED"));

    const started = Date.now();
    const sentIds = await storm(
      conversationIds.map((id, i) => ({ id, senders: [customers[i]!, staff[i % staff.length]!] })),
      20,
    );
    const total = [...sentIds.values()].reduce((sum, ids) => sum + ids.size, 0);
    expect(total).toBe(500);

    const missing = (s: Subscriber) => {
      const got = new Set(s.received.map((p) => p.id));
      return [...sentIds.get(s.topic.slice("conversation:".length))!].filter((id) => !got.has(id));
    };
    await until(() => subscribers.every((s) => missing(s).length === 0), "every broadcast on every socket");
    const duplicatesOnWire = subscribers.reduce(
      (sum, s) => sum + s.received.length - new Set(s.received.map((p) => p.id)).size,
      0,
    );
    for (const s of subscribers) {
      const conversationId = s.topic.slice("conversation:".length);
      expect(
        s.received.every((p) => p.conversation_id === conversationId),
        "only its own topic's messages",
      ).toBe(true);
      const shown = shownThread(s.user, s.received);
      expect(shown.map((m) => m.id).sort()).toEqual([...sentIds.get(conversationId)!].sort());
    }
    figures.notes.push(
      `live storm: 500 sends to 50 sockets delivered in ${Date.now() - started} ms; ${duplicatesOnWire} repeated on the wire, 0 shown twice`,
    );
  });

  it("no socket receives a topic it may not join", async () => {
    const { agencyId, customers, conversationIds } = await inquiries(2, 1);
    const [stranger, otherStaff] = await Promise.all([newUser("live-stranger"), newUser("live-other-staff")]);
    const otherAgency = await newAgency();
    await query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [otherAgency, otherStaff.id]);
    const intruders = await Promise.all([
      subscribe(stranger, `conversation:${conversationIds[0]}`),
      subscribe(otherStaff, `conversation:${conversationIds[0]}`),
      subscribe(customers[1]!, `conversation:${conversationIds[0]}`),
      subscribe(stranger, `inbox:user:${customers[0]!.id}`),
      subscribe(otherStaff, `inbox:agency:${agencyId}`),
      subscribe(customers[0]!, `inbox:agency:${agencyId}`),
    ]);
    const rightful = await subscribe(customers[0]!, `conversation:${conversationIds[0]}`);
    expect(intruders.map((s) => s.outcome)).toEqual(intruders.map(() => "CHANNEL_ERROR"));
    expect(rightful.outcome).toBe("SUBSCRIBED");

    await storm([{ id: conversationIds[0]!, senders: [customers[0]!, customers[0]!] }], 20);
    await until(() => rightful.received.length >= 20, "the rightful socket's 20 broadcasts");
    expect(intruders.map((s) => s.received.length)).toEqual(intruders.map(() => 0));
  });

  it("the Realtime fan-out cut mid-storm: nothing lost after catch-up", async () => {
    const { staff, customers, conversationIds } = await inquiries(10, 2);
    const subscribers = await Promise.all(
      customers.map((customer, i) => subscribe(customer, `conversation:${conversationIds[i]}`)),
    );
    expect(subscribers.map((s) => s.outcome)).toEqual(subscribers.map(() => "SUBSCRIBED"));

    // The stack's LISTEN connection is its Realtime fan-out (as logical replication is Realtime's): ended twice
    // mid-storm, the notifications sent meanwhile are gone for good, as a Realtime node's would be.
    let cuts = 0;
    const sentIds = await storm(
      conversationIds.map((id, i) => ({ id, senders: [customers[i]!, staff[i % 2]!] })),
      20,
      async (sent) => {
        if (sent !== 50 && sent !== 120) return;
        const ended = await query<{ ok: boolean }>(
          `select pg_terminate_backend(pid) as ok from pg_stat_activity
           where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
        );
        cuts += ended.length;
      },
    );
    expect(cuts, "a LISTEN connection was ended").toBeGreaterThan(0);

    let missedLive = 0;
    for (const [i, s] of subscribers.entries()) {
      const conversationId = conversationIds[i]!;
      // What the thread does on reconnect: fetch after the newest message it holds (here: from the start).
      const fetched = await catchUp(s.user, conversationId, null);
      const shown = shownThread(s.user, [...s.received, ...fetched]);
      const expected = [...sentIds.get(conversationId)!];
      missedLive += expected.filter((id) => !s.received.some((p) => p.id === id)).length;
      expect(
        shown
          .map((m) => m.id)
          .filter((id) => sentIds.get(conversationId)!.has(id))
          .sort(),
      ).toEqual(expected.sort());
      expect(new Set(shown.map((m) => m.id)).size).toBe(shown.length);
    }
    figures.notes.push(`live cut: ${cuts} LISTEN cuts, ${missedLive} broadcasts missed live, 0 lost after catch-up`);
  });
});
