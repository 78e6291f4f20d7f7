import { http } from "msw";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PUT } from "@/app/api/messages/conversations/[id]/read/route";
import { accessTokenFor } from "@/tests/support/msw/handlers/auth";
import { newId } from "@/tests/support/factories/ids";
import { seededUsers } from "@/tests/support/factories/seed";
import { postgrest } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { REST_URL } from "@/tests/support/msw/supabase-url";

// PUT /api/messages/conversations/[id]/read: the call it makes and the answers a real PostgREST rarely gives.
// Marking read against the real database is in tests/integration/live-conversations-api.test.ts.

const bob = seededUsers.bob.id;
const conversationId = newId();
const context = (id = conversationId) => ({ params: Promise.resolve({ id }) });

function rpcHandler(answer: () => Response) {
  const calls: unknown[] = [];
  return {
    calls,
    handler: http.post(`${REST_URL}/rpc/mark_conversation_read`, async ({ request }) => {
      calls.push(await request.json());
      return answer();
    }),
  };
}

async function put(id = conversationId, headers: Record<string, string> = {}) {
  const url = `http://app.test/api/messages/conversations/${id}/read`;
  return PUT(new NextRequest(url, { method: "PUT", headers }), context(id));
}

const signedIn = async () => ({ authorization: `Bearer ${await accessTokenFor(bob)}` });

describe("PUT /api/messages/conversations/[id]/read", () => {
  it("marks the conversation read through mark_conversation_read and answers the marker", async () => {
    const marker = {
      conversation_id: conversationId,
      user_id: bob,
      seen_count: 4,
      last_read_at: "2026-12-02T05:00:00+00:00",
    };
    const rpc = rpcHandler(() => postgrest.rows([marker]));
    server.use(rpc.handler);

    const response = await put(conversationId, await signedIn());

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { conversation_id: conversationId, seen_count: 4, last_read_at: marker.last_read_at, unread_count: 0 },
    });
    expect(rpc.calls).toEqual([{ conversation_id: conversationId }]);
  });

  it("answers 404 when the function gives no row (not a participant, or no such conversation)", async () => {
    server.use(rpcHandler(() => postgrest.rows([])).handler);
    const response = await put(conversationId, await signedIn());
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("conversation_not_found");
  });

  it("refuses an id that is not a UUID with 400 before any query", async () => {
    const rpc = rpcHandler(() => postgrest.rows([]));
    server.use(rpc.handler);
    const response = await put("not-a-uuid", await signedIn());
    expect(response.status).toBe(400);
    expect(rpc.calls).toEqual([]);
  });

  it("answers 401 without a session and never calls the database", async () => {
    const rpc = rpcHandler(() => postgrest.rows([]));
    server.use(rpc.handler);
    const response = await put(conversationId);
    expect(response.status).toBe(401);
    expect(rpc.calls).toEqual([]);
  });

  it("answers 503 when PostgREST cannot reach the database", async () => {
    server.use(rpcHandler(() => postgrest.error(503, "PGRST001", "Database client error")).handler);
    const response = await put(conversationId, await signedIn());
    expect(response.status).toBe(503);
  });
});
