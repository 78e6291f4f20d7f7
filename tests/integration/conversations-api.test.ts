import { beforeEach, describe, expect, it } from "vitest";
import { api } from "@/tests/integration/support/api-client";
import { conversationsOf, createAgency, messagesOf, withDatabase } from "@/tests/integration/support/database";
import { watchConversationInsertRaces } from "@/tests/integration/support/insert-races";
import { createTestUser, sessionOfSeededUser, type TestUser } from "@/tests/integration/support/users";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";

let user: TestUser;
let agencyId: string;

const inquiry = (text: string, clientMessageId: string = crypto.randomUUID()) => ({
  context_type: "agency_inquiry",
  context_id: agencyId,
  initial_message: text,
  client_message_id: clientMessageId,
});

beforeEach(async () => {
  user = await createTestUser("customer");
  agencyId = await createAgency();
});

describe("POST /api/messages/conversations against the real stack", () => {
  it("timeout scenario: the conversation exists but the client never saw it → 200, same id, message appended", async () => {
    const first = await api.openConversation(user, inquiry("First question"));
    expect(first.status).toBe(201);

    // The button's check timed out, so the dialog opened and the user typed a new message.
    const second = await api.openConversation(user, inquiry("Did you get my first question?"));

    expect(second.status).toBe(200);
    expect(second.data.id).toBe(first.data.id);
    expect(second.data.message.body).toBe("Did you get my first question?");
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    const thread = await api.thread(user, first.data.id);
    expect(thread.data.map((message) => message.body)).toEqual(["First question", "Did you get my first question?"]);
  });

  it("double-click: two identical POSTs back to back → one conversation, one message", async () => {
    const draft = inquiry("Hello twice?");

    const answers = await Promise.all([api.openConversation(user, draft), api.openConversation(user, draft)]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.data.message.id)).size).toBe(1);
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("retry after an error whose answer was lost: the retry replays, one conversation, one message", async () => {
    const draft = inquiry("Is May a good month?");
    const lost = await api.openConversation(user, draft); // stored, but the browser saw a network error

    const retry = await api.openConversation(user, draft);

    expect(retry.status).toBe(200);
    expect(retry.data.id).toBe(lost.data.id);
    expect(retry.data.message.id).toBe(lost.data.message.id);
    expect(retry.data.message_replayed).toBe(true);
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("retry after the first attempt failed between creating the conversation and storing the message", async () => {
    // The first attempt's conversation insert committed, then the request died before the message.
    await withDatabase((db) =>
      db.query(
        "insert into public.conversations (context_type, context_id, created_by) values ('agency_inquiry', $1, $2)",
        [agencyId, user.id],
      ),
    );

    const retry = await api.openConversation(user, inquiry("Still there?"));

    expect(retry.status).toBe(200);
    expect(retry.data.message.body).toBe("Still there?");
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("50 concurrent POSTs with distinct messages → exactly one conversation, all 50 messages, and the 23505 recovery ran", async () => {
    const races = await watchConversationInsertRaces();

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.openConversation(user, inquiry(`Message ${i}`))),
    );

    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    expect(await messagesOf(user.id)).toBe(50);
    // Requests that found no row and then lost the insert race took the re-select path.
    expect(await races.lost()).toBeGreaterThan(0);
  });

  it("50 concurrent POSTs of the same draft → one conversation, one message, every answer carrying it", async () => {
    const draft = inquiry("Only once, please");

    const answers = await Promise.all(Array.from({ length: 50 }, () => api.openConversation(user, draft)));

    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.data.message.id)).size).toBe(1);
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("a client_message_id reused with another text → 409, nothing written", async () => {
    const clientMessageId = crypto.randomUUID();
    await api.openConversation(user, inquiry("Original", clientMessageId));

    const reused = await api.openConversation(user, inquiry("Different", clientMessageId));

    expect(reused.status).toBe(409);
    expect(reused.error?.code).toBe("idempotency_key_reused");
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("a client_message_id already sent to agency A, sent again to agency B → 409, and no empty inquiry to B", async () => {
    const clientMessageId = crypto.randomUUID();
    await api.openConversation(user, inquiry("To the first agency", clientMessageId));
    const otherAgency = await createAgency();

    const refused = await api.openConversation(user, {
      ...inquiry("To the first agency", clientMessageId),
      context_id: otherAgency,
    });

    expect(refused.status).toBe(409);
    expect(refused.error?.code).toBe("idempotency_key_reused");
    expect(await conversationsOf(user.id, otherAgency)).toBe(0);
    expect(await conversationsOf(user.id, agencyId)).toBe(1);
    expect(await messagesOf(user.id)).toBe(1);
  });

  it("an unknown agency → 404 and no conversation", async () => {
    const answer = await api.openConversation(user, { ...inquiry("Hello?"), context_id: crypto.randomUUID() });

    expect(answer.status).toBe(404);
    expect(answer.error?.code).toBe("agency_not_found");
    expect(await conversationsOf(user.id, agencyId)).toBe(0);
  });

  it("created_by in the body changes nothing: the conversation belongs to the caller", async () => {
    const other = await createTestUser("victim");

    const answer = await api.openConversation(user, { ...inquiry("Mine"), created_by: other.id });

    expect(answer.data.created_by).toBe(user.id);
    expect(await conversationsOf(other.id, agencyId)).toBe(0);
  });
});

describe("/api/messages/conversations/[id]/messages against the real stack", () => {
  it("a stranger can neither read nor post into someone else's conversation: 404", async () => {
    const opened = await api.openConversation(user, inquiry("Private"));
    const stranger = await createTestUser("stranger");

    expect((await api.thread(stranger, opened.data.id)).status).toBe(404);
    expect((await api.reply(stranger, opened.data.id, { body: "Let me in" })).status).toBe(404);
    expect(await messagesOf(stranger.id)).toBe(0);
  });

  it("a reply retried with the same client_message_id is stored once", async () => {
    const opened = await api.openConversation(user, inquiry("Question"));
    const reply = { body: "Follow-up", client_message_id: crypto.randomUUID() };

    const [a, b] = await Promise.all([api.reply(user, opened.data.id, reply), api.reply(user, opened.data.id, reply)]);

    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.data.id).toBe(b.data.id);
    expect(await messagesOf(user.id)).toBe(2);
  });

  it("the agency's staff see the inquiry and can answer in the same thread", async () => {
    const acmeTravel = seededAgencies.acme.id;
    const opened = await api.openConversation(user, { ...inquiry("Do you do Lisbon?"), context_id: acmeTravel });
    const carol = await sessionOfSeededUser(seededUsers.carol.email);

    const answer = await api.reply(carol, opened.data.id, { body: "We do!" });
    const thread = await api.thread(user, opened.data.id);

    expect(answer.status).toBe(201);
    expect((await api.list(carol, { limit: "100" })).data.map((c) => c.id)).toContain(opened.data.id);
    // Carol's own "do I already talk to this agency?" check must not send her into Alice's thread.
    const check = await api.list(carol, { context_type: "agency_inquiry", context_id: acmeTravel, limit: "1" });
    expect(check.data).toEqual([]);
    expect(thread.data.map((message) => [message.sender_id, message.body])).toEqual([
      [user.id, "Do you do Lisbon?"],
      [carol.id, "We do!"],
    ]);
  });
});
