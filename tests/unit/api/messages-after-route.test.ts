import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/messages/conversations/[id]/messages/route";
import { encodeMessageCursor } from "@/lib/messages/cursor";
import { accessTokenFor } from "@/tests/support/msw/handlers/auth";
import { conversationsTable } from "@/tests/support/msw/handlers/conversations";
import { newId } from "@/tests/support/factories/ids";
import { messageRow } from "@/tests/support/factories/rows";
import { seededUsers } from "@/tests/support/factories/seed";
import { postgrest } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";

// GET …/messages?after=<cursor>: the request PostgREST gets, and the answers it cannot easily be made to give.
// What rows come back, from a real database, is in tests/integration/live-conversations-api.test.ts.

const bob = seededUsers.bob.id;
const conversationId = newId();
const url = `http://app.test/api/messages/conversations/${conversationId}/messages`;
const context = () => ({ params: Promise.resolve({ id: conversationId }) });
const known = { created_at: "2026-11-27T10:00:00.5+00:00", id: "d0000000-0000-4000-8000-000000000002" };

async function get(query: string) {
  const headers = { authorization: `Bearer ${await accessTokenFor(bob)}` };
  return GET(new NextRequest(`${url}?${query}`, { headers }), context());
}

describe("GET /api/messages/conversations/[id]/messages?after=", () => {
  it("asks for the messages after the cursor, oldest first, from the cursor's timestamp on", async () => {
    const later = [3, 4, 5].map((n) => ({
      ...messageRow({ conversation_id: conversationId, sender_id: bob, body: String(n) }),
      id: `d0000000-0000-4000-8000-00000000000${n}`,
      created_at: known.created_at,
    }));
    const conversations = conversationsTable({
      get: [() => postgrest.rows([{ id: conversationId, messages: later }])],
    });
    server.use(...conversations.handlers);

    const response = await get(`after=${encodeMessageCursor(known)}&limit=2`);

    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: { body: string }[]; next: string };
    expect(page.data.map((message) => message.body)).toEqual(["3", "4"]);
    // More remain: `next` continues after the last row of this page.
    expect(page.next).toBe(encodeMessageCursor(later[1]!));
    const query = conversations.calls[0]!.url.searchParams;
    expect(query.get("id")).toBe(`eq.${conversationId}`);
    expect(query.get("messages.order")).toBe("created_at.asc,id.asc");
    expect(query.get("messages.limit")).toBe("3");
    expect(query.get("messages.created_at")).toBe(`gte.${known.created_at}`);
    expect(query.get("messages.or")).toBe(
      `(created_at.gt."${known.created_at}",and(created_at.eq."${known.created_at}",id.gt."${known.id}"))`,
    );
  });

  it("answers next: null once the page reaches the newest message", async () => {
    server.use(...conversationsTable({ get: [() => postgrest.rows([{ id: conversationId, messages: [] }])] }).handlers);
    const response = await get(`after=${encodeMessageCursor(known)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], next: null });
  });

  it("answers 404 when the conversation is not visible to the caller", async () => {
    server.use(...conversationsTable({ get: [() => postgrest.rows([])] }).handlers);
    const response = await get(`after=${encodeMessageCursor(known)}`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("conversation_not_found");
  });

  it("refuses before and after together with 400, before any query", async () => {
    const conversations = conversationsTable({});
    server.use(...conversations.handlers);
    const cursor = encodeMessageCursor(known);
    const response = await get(`before=${cursor}&after=${cursor}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("validation_failed");
    expect(conversations.calls).toEqual([]);
  });

  it("refuses an after that is not a cursor with 400", async () => {
    const response = await get("after=2026-11-27");
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("validation_failed");
  });

  it("answers 503 when PostgREST loses its database mid-query", async () => {
    server.use(
      ...conversationsTable({ get: [() => postgrest.error(503, "PGRST001", "Database client error")] }).handlers,
    );
    const response = await get(`after=${encodeMessageCursor(known)}`);
    expect(response.status).toBe(503);
  });
});
