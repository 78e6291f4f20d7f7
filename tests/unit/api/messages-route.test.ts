import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/messages/conversations/[id]/messages/route";
import { accessTokenFor } from "@/tests/support/msw/handlers/auth";
import { conversationsTable } from "@/tests/support/msw/handlers/conversations";
import { newId } from "@/tests/support/factories/ids";
import { messageRow } from "@/tests/support/factories/rows";
import { seededUsers } from "@/tests/support/factories/seed";
import { echoInsertedMessage, messagesTable } from "@/tests/support/msw/handlers/messages";
import { postgrest } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";

const bob = seededUsers.bob.id;
const conversationId = newId();
const clientMessageId = newId();
const url = `http://app.test/api/messages/conversations/${conversationId}/messages`;
const context = (id = conversationId) => ({ params: Promise.resolve({ id }) });

async function send(body: unknown, id = conversationId) {
  const headers = { authorization: `Bearer ${await accessTokenFor(bob)}`, "content-type": "application/json" };
  return POST(new NextRequest(url, { method: "POST", headers, body: JSON.stringify(body) }), context(id));
}

describe("POST /api/messages/conversations/[id]/messages", () => {
  it("stores a reply: 201", async () => {
    server.use(...messagesTable({ post: [echoInsertedMessage()] }).handlers);
    const response = await send({ body: "See you in May", client_message_id: clientMessageId });
    expect(response.status).toBe(201);
    expect((await response.json()).data).toMatchObject({ conversation_id: conversationId, body: "See you in May" });
  });

  it("answers 200 with the stored message when the same send is retried", async () => {
    const stored = messageRow({
      conversation_id: conversationId,
      sender_id: bob,
      body: "See you in May",
      client_message_id: clientMessageId,
    });
    server.use(
      ...messagesTable({
        post: [() => postgrest.uniqueViolation("messages_sender_client_message_id_key")],
        get: [() => postgrest.rows([stored])],
      }).handlers,
    );
    const response = await send({ body: "See you in May", client_message_id: stored.client_message_id });
    expect(response.status).toBe(200);
    expect((await response.json()).data.id).toBe(stored.id);
  });

  it("refuses the same client_message_id in another conversation: 409", async () => {
    const stored = messageRow({
      conversation_id: newId(),
      sender_id: bob,
      body: "See you in May",
      client_message_id: clientMessageId,
    });
    server.use(
      ...messagesTable({
        post: [() => postgrest.uniqueViolation("messages_sender_client_message_id_key")],
        get: [() => postgrest.rows([stored])],
      }).handlers,
    );
    const response = await send({ body: "See you in May", client_message_id: stored.client_message_id });
    expect(response.status).toBe(409);
  });

  it("refuses a client_message_id held by a message the sender can no longer see: 409, not 500", async () => {
    server.use(
      ...messagesTable({
        post: [() => postgrest.uniqueViolation("messages_sender_client_message_id_key")],
        get: [() => postgrest.rows([])],
      }).handlers,
    );
    const response = await send({ body: "See you in May", client_message_id: clientMessageId });
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe("idempotency_key_reused");
  });

  it("answers 401 when PostgREST refuses the token (expired between our check and the query)", async () => {
    server.use(...messagesTable({ post: [() => postgrest.error(401, "PGRST301", "JWT expired")] }).handlers);
    const response = await send({ body: "Hello" });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  });

  it("answers 404 when row-level security refuses the insert (not a participant)", async () => {
    server.use(
      ...messagesTable({
        post: [() => postgrest.error(403, "42501", 'new row violates row-level security policy for table "messages"')],
      }).handlers,
    );
    const response = await send({ body: "Let me in" });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("conversation_not_found");
  });

  it("rejects a conversation id that is not a UUID with 400 before any query", async () => {
    const response = await send({ body: "Hi" }, "../agencies");
    expect(response.status).toBe(400);
  });
});

describe("GET /api/messages/conversations/[id]/messages", () => {
  it("returns the thread oldest first, read in one request", async () => {
    const messages = [messageRow({ conversation_id: conversationId, sender_id: bob, body: "first" })];
    const conversations = conversationsTable({ get: [() => postgrest.rows([{ id: conversationId, messages }])] });
    server.use(...conversations.handlers);

    const request = new NextRequest(url, { headers: { authorization: `Bearer ${await accessTokenFor(bob)}` } });
    const response = await GET(request, context());

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: messages, next: null });
    expect(conversations.calls[0]!.url.searchParams.get("messages.order")).toBe("created_at.desc,id.desc");
  });

  it("pages: the newest `limit` oldest first, a `next` cursor, and `before` asks for what precedes it", async () => {
    const at = "2026-11-27T10:00:00.5+00:00";
    // Three messages with one timestamp, newest first as asked (id breaks the tie).
    const newestFirst = ["3", "2", "1"].map((n) => ({
      ...messageRow({ conversation_id: conversationId, sender_id: bob, body: n }),
      id: `d0000000-0000-4000-8000-00000000000${n}`,
      created_at: at,
    }));
    const conversations = conversationsTable({
      get: [
        () => postgrest.rows([{ id: conversationId, messages: newestFirst }]),
        () => postgrest.rows([{ id: conversationId, messages: newestFirst.slice(2) }]),
      ],
    });
    server.use(...conversations.handlers);
    const token = await accessTokenFor(bob);

    const first = await GET(
      new NextRequest(`${url}?limit=2`, { headers: { authorization: `Bearer ${token}` } }),
      context(),
    );
    const page = (await first.json()) as { data: { body: string }[]; next: string };
    expect(page.data.map((m) => m.body)).toEqual(["2", "3"]);
    expect(conversations.calls[0]!.url.searchParams.get("messages.limit")).toBe("3");

    const second = await GET(
      new NextRequest(`${url}?limit=2&before=${page.next}`, { headers: { authorization: `Bearer ${token}` } }),
      context(),
    );
    expect(await second.json()).toMatchObject({ data: [{ body: "1" }], next: null });
    const query = conversations.calls[1]!.url.searchParams;
    expect(query.get("messages.created_at")).toBe(`lte.${at}`);
    expect(query.get("messages.or")).toBe(
      `(created_at.lt."${at}",and(created_at.eq."${at}",id.lt."${newestFirst[1]!.id}"))`,
    );
  });

  it("rejects a `before` that is not a cursor with 400, before any query", async () => {
    const conversations = conversationsTable({ get: [] });
    server.use(...conversations.handlers);
    const response = await GET(
      new NextRequest(`${url}?before=garbage`, { headers: { authorization: `Bearer ${await accessTokenFor(bob)}` } }),
      context(),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0]).toEqual({
      path: "before",
      message: "is not a cursor from a previous page",
    });
    expect(conversations.calls).toHaveLength(0);
  });

  it("answers 404 to someone who does not take part", async () => {
    server.use(...conversationsTable({ get: [() => postgrest.rows([])] }).handlers);
    const request = new NextRequest(url, { headers: { authorization: `Bearer ${await accessTokenFor(bob)}` } });
    expect((await GET(request, context())).status).toBe(404);
  });
});
