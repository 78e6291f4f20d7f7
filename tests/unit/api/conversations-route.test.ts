import { NextRequest } from "next/server";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST, GET } from "@/app/api/messages/conversations/route";
import { encodeConversationCursor } from "@/lib/messages/cursor";
import { accessTokenFor, refreshGrant, SESSION_COOKIE, sessionCookieFor } from "@/tests/support/msw/handlers/auth";
import { newId } from "@/tests/support/factories/ids";
import { conversationRow, messageRow } from "@/tests/support/factories/rows";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";
import { conversationsTable } from "@/tests/support/msw/handlers/conversations";
import { echoInsertedMessage, messagesTable } from "@/tests/support/msw/handlers/messages";
import { postgrest, tableHandlers } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { REST_URL } from "@/tests/support/msw/supabase-url";

const APP = "http://app.test";
const alice = seededUsers.alice.id;
const agency = seededAgencies.acme.id;

async function post(
  body: unknown,
  init: { token?: string | null; cookie?: string; origin?: string; contentType?: string } = {},
) {
  const headers = new Headers({ "content-type": init.contentType ?? "application/json", host: "app.test" });
  const token = init.token === undefined ? await accessTokenFor(alice) : init.token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.origin) headers.set("origin", init.origin);
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return POST(new NextRequest(`${APP}/api/messages/conversations`, { method: "POST", headers, body: payload }));
}

const validInput = {
  context_type: "agency_inquiry",
  context_id: agency,
  initial_message: "  Hello, do you do Iceland?  ",
};

afterEach(() => vi.restoreAllMocks());

describe("POST /api/messages/conversations", () => {
  it("returns the existing conversation with 200 and appends the message to it", async () => {
    const existing = conversationRow({ context_id: agency, created_by: alice });
    const conversations = conversationsTable({ get: [() => postgrest.rows([existing])] });
    const messages = messagesTable({ post: [echoInsertedMessage()] });
    server.use(...conversations.handlers, ...messages.handlers);

    const response = await post(validInput);
    const json = await response.json();

    expect(response.status).toBe(200);
    expect(json.data.id).toBe(existing.id);
    expect(json.data.message).toMatchObject({
      conversation_id: existing.id,
      sender_id: alice,
      body: "Hello, do you do Iceland?",
    });
    expect(json.data.message_replayed).toBe(false);
    expect(conversations.calls.map((call) => call.method)).toEqual(["GET"]);
    const lookup = conversations.calls[0]!.url.searchParams;
    expect(lookup.get("context_type")).toBe("eq.agency_inquiry");
    expect(lookup.get("context_id")).toBe(`eq.${agency}`);
    expect(lookup.get("created_by")).toBe(`eq.${alice}`);
  });

  it("creates the conversation with 201 and a Location header when none exists", async () => {
    const conversations = conversationsTable({
      get: [() => postgrest.rows([])],
      post: [async (request) => postgrest.created(conversationRow((await request.json()) as never))],
    });
    const messages = messagesTable({ post: [echoInsertedMessage()] });
    server.use(...conversations.handlers, ...messages.handlers);

    const response = await post({ ...validInput, created_by: seededUsers.bob.id, id: "x" });
    const json = await response.json();

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/api/messages/conversations/${json.data.id}`);
    expect(conversations.calls[1]!.body).toEqual({
      context_type: "agency_inquiry",
      context_id: agency,
      created_by: alice,
    });
    expect(json.data.message.conversation_id).toBe(json.data.id);
    expect(json.data.last_message_at).toBe(json.data.message.created_at);
  });

  it("recovers from a lost race (23505) by re-reading the winner's conversation: 200", async () => {
    const winner = conversationRow({ context_id: agency, created_by: alice });
    const conversations = conversationsTable({
      get: [() => postgrest.rows([]), () => postgrest.rows([winner])],
      post: [() => postgrest.uniqueViolation("unique_agency_user_conversation")],
    });
    const messages = messagesTable({ post: [echoInsertedMessage()] });
    server.use(...conversations.handlers, ...messages.handlers);

    const response = await post(validInput);

    expect(response.status).toBe(200);
    expect((await response.json()).data.id).toBe(winner.id);
    expect(conversations.calls.map((call) => call.method)).toEqual(["GET", "POST", "GET"]);
    expect(messages.calls).toHaveLength(1);
  });

  it("answers 500 and logs agency, user and error when the re-read after 23505 fails", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const conversations = conversationsTable({
      get: [() => postgrest.rows([]), () => postgrest.rows([])],
      post: [() => postgrest.uniqueViolation("unique_agency_user_conversation")],
    });
    server.use(...conversations.handlers);

    const response = await post(validInput);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "internal_error", message: "Could not read back the conversation." },
    });
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining("could not be re-read"),
      expect.objectContaining({ agencyId: agency, userId: alice, error: "no row" }),
    );
  });

  it("answers 404 for an agency that does not exist", async () => {
    const conversations = conversationsTable({
      get: [() => postgrest.rows([])],
      post: [() => postgrest.error(409, "23503", "agency not found")],
    });
    server.use(...conversations.handlers);

    const response = await post(validInput);

    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("agency_not_found");
  });

  /** The conversation exists and a message with this client_message_id is already stored with `storedBody`. */
  function messageAlreadyStored(storedBody: string) {
    const existing = conversationRow({ context_id: agency, created_by: alice });
    const clientMessageId = newId();
    const stored = messageRow({
      conversation_id: existing.id,
      sender_id: alice,
      body: storedBody,
      client_message_id: clientMessageId,
    });
    server.use(
      ...conversationsTable({ get: [() => postgrest.rows([existing])] }).handlers,
      ...messagesTable({
        post: [() => postgrest.uniqueViolation("messages_sender_client_message_id_key")],
        get: [() => postgrest.rows([stored])],
      }).handlers,
    );
    return { stored, clientMessageId };
  }

  it("replays a message already stored under the same client_message_id instead of storing it twice", async () => {
    const { stored, clientMessageId } = messageAlreadyStored("Hello, do you do Iceland?");

    const response = await post({ ...validInput, client_message_id: clientMessageId });
    const json = await response.json();

    expect(response.status).toBe(200);
    expect(json.data.message.id).toBe(stored.id);
    expect(json.data.message_replayed).toBe(true);
  });

  it("refuses a client_message_id reused for a different text: 409 idempotency_key_reused", async () => {
    const { clientMessageId } = messageAlreadyStored("Something else");

    const response = await post({ ...validInput, client_message_id: clientMessageId });

    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe("idempotency_key_reused");
  });

  it("generates a client_message_id when none is given and says which", async () => {
    const existing = conversationRow({ context_id: agency, created_by: alice });
    const messages = messagesTable({ post: [echoInsertedMessage()] });
    server.use(...conversationsTable({ get: [() => postgrest.rows([existing])] }).handlers, ...messages.handlers);

    const json = await (await post(validInput)).json();

    const sent = messages.calls[0]!.body as { client_message_id: string };
    expect(sent.client_message_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.data.message.client_message_id).toBe(sent.client_message_id);
  });

  it.each([
    ["a context_id that is not a UUID", { ...validInput, context_id: "42" }, "context_id"],
    ["another context_type", { ...validInput, context_type: "support" }, "context_type"],
    ["a blank message", { ...validInput, initial_message: "   " }, "initial_message"],
    ["a message over 4000 characters", { ...validInput, initial_message: "x".repeat(4001) }, "initial_message"],
    [
      "a message with a lone surrogate (not valid Unicode)",
      { ...validInput, initial_message: "broken \ud800 text" },
      "initial_message",
    ],
    ["a message that is not a string", { ...validInput, initial_message: 7 }, "initial_message"],
    ["a client_message_id that is not a UUID", { ...validInput, client_message_id: "abc" }, "client_message_id"],
    ["an array body", [validInput], "(body)"],
  ])("rejects %s with 400 and names the field, touching nothing", async (_name, body, field) => {
    const response = await post(body);
    const json = await response.json();

    expect(response.status).toBe(400);
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
  });

  it("rejects malformed JSON with 400 invalid_json", async () => {
    const response = await post('{"context_type": "agency_inquiry",');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_json");
  });

  it("rejects a body that is not JSON with 415", async () => {
    const response = await post("context_type=agency_inquiry", { contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe("unsupported_media_type");
  });

  it("rejects a body over 64 KiB with 413 and closes the connection it stopped reading", async () => {
    const response = await post({ ...validInput, padding: "x".repeat(70 * 1024) });
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect((await response.json()).error.code).toBe("payload_too_large");
  });

  it("answers 401 without a session and never queries the database", async () => {
    const conversations = conversationsTable({});
    server.use(...conversations.handlers);

    const response = await post(validInput, { token: null });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "Sign in to continue." } });
    expect(conversations.calls).toHaveLength(0);
  });

  it("answers 401 for an expired or forged bearer token", async () => {
    const expired = await accessTokenFor(alice, { expiresInSeconds: -10 });
    expect((await post(validInput, { token: expired })).status).toBe(401);
    const forged = (await accessTokenFor(alice)).replace(/\.[^.]+$/, ".AAAA");
    expect((await post(validInput, { token: forged })).status).toBe(401);
  });

  it("accepts the @supabase/ssr session cookie from the same origin", async () => {
    const existing = conversationRow({ context_id: agency, created_by: alice });
    server.use(
      ...conversationsTable({ get: [() => postgrest.rows([existing])] }).handlers,
      ...messagesTable({ post: [echoInsertedMessage()] }).handlers,
    );

    const response = await post(validInput, { token: null, cookie: await sessionCookieFor(alice), origin: APP });

    expect(response.status).toBe(200);
  });

  it("hands a refreshed session to the browser even when the answer is an error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    server.use(
      refreshGrant(alice),
      http.get(`${REST_URL}/conversations`, () => HttpResponse.error()),
    );

    const expiring = await sessionCookieFor(alice, { expiresInSeconds: 30 });
    const response = await post(validInput, { token: null, cookie: expiring, origin: APP });

    expect(response.status).toBe(503);
    // The old refresh token is spent: without the new cookie the browser would be signed out later.
    const refreshed = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    expect(refreshed).toMatch(/^sb-supabase-auth-token=base64-/);
  });

  it("refuses a cookie-authenticated POST from a foreign origin with 403", async () => {
    const response = await post(validInput, {
      token: null,
      cookie: await sessionCookieFor(alice),
      origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("cross_site_request");
  });

  it("answers 503 when Supabase cannot be reached", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    server.use(http.get(`${REST_URL}/conversations`, () => HttpResponse.error()));

    const response = await post(validInput);

    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("supabase_unavailable");
  });

  it("answers 503 when Supabase is slower than the server-side deadline", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { delay } = await import("msw");
    server.use(
      http.get(`${REST_URL}/conversations`, async () => {
        await delay("infinite");
        return HttpResponse.json([]);
      }),
    );

    const response = await post(validInput);

    expect(response.status).toBe(503);
  });

  it.each([
    ["an error with an empty code (the connection was lost mid-query)", 400, ""],
    ["a 500 with an empty code", 500, ""],
    ["500 57P01 (the database was shut down or the session terminated)", 500, "57P01"],
    ["500 40001 (serialization failure)", 500, "40001"],
  ])("answers 503, safe to retry, when PostgREST fails with %s", async (_name, status, code) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    server.use(...conversationsTable({ get: [() => postgrest.error(status, code, "")] }).handlers);

    const response = await post(validInput);

    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("supabase_unavailable");
  });

  it("never leaks SQL text or stack traces in a 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    server.use(
      ...conversationsTable({ get: [() => postgrest.error(500, "XX000", 'relation "secret_table" broke at line 3')] })
        .handlers,
    );

    const text = await (await post(validInput)).text();

    expect(text).not.toContain("secret_table");
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal_error", message: "Could not look up the conversation." },
    });
  });
});

describe("GET /api/messages/conversations", () => {
  it("filters by context so the button's check reads one row", async () => {
    const row = conversationRow({ context_id: agency, created_by: alice, agency_message_count: 3 });
    const conversations = conversationsTable({
      get: [() => postgrest.rows([{ ...row, conversation_reads: [{ seen_count: 1 }] }])],
    });
    server.use(...conversations.handlers);
    const request = new NextRequest(
      `${APP}/api/messages/conversations?context_type=agency_inquiry&context_id=${agency}&limit=1`,
      {
        headers: { authorization: `Bearer ${await accessTokenFor(alice)}` },
      },
    );

    const response = await GET(request);

    expect(response.status).toBe(200);
    // The customer's unread: the agency's three replies, one of them seen; the marker itself is not answered.
    expect(await response.json()).toEqual({ data: [{ ...row, unread_count: 2 }], next: null });
    const query = conversations.calls[0]!.url.searchParams;
    expect(query.get("select")).toBe("*,conversation_reads(seen_count)");
    expect(query.get("context_id")).toBe(`eq.${agency}`);
    // Only the conversation the caller started: agency staff must not be sent into a customer's thread.
    expect(query.get("created_by")).toBe(`eq.${alice}`);
    // One row more than the page: it only tells whether a next page exists.
    expect(query.get("limit")).toBe("2");
    expect(query.get("order")).toBe("last_message_at.desc.nullslast,created_at.desc,id.desc");
  });

  it("reads an agency's page through rpc/agency_conversations_page, the cursor's null activity omitted", async () => {
    const carol = seededUsers.carol.id;
    const [newer, older] = [
      conversationRow({ context_id: agency, created_at: "2026-01-02T09:00:00+00:00", customer_message_count: 2 }),
      conversationRow({ context_id: agency, created_at: "2026-01-01T09:00:00+00:00" }),
    ];
    const memberships = tableHandlers("agency_members", { get: [() => postgrest.rows([{ agency_id: agency }])] });
    const own = conversationsTable({ get: [() => postgrest.rows([])] });
    const agencyPage = tableHandlers("rpc/agency_conversations_page", {
      get: [() => postgrest.rows([newer, older].map((row) => ({ ...row, conversation_reads: [] })))],
    });
    server.use(...memberships.handlers, ...own.handlers, ...agencyPage.handlers);
    const before = encodeConversationCursor({
      last_message_at: null,
      created_at: "2026-01-03T09:00:00+00:00",
      id: newId(),
    });
    const request = new NextRequest(`${APP}/api/messages/conversations?limit=1&before=${encodeURIComponent(before)}`, {
      headers: { authorization: `Bearer ${await accessTokenFor(carol)}` },
    });

    const response = await GET(request);

    expect(response.status).toBe(200);
    // Staff's unread: the customer's two messages, no marker yet.
    expect(await response.json()).toEqual({
      data: [{ ...newer, unread_count: 2 }],
      next: encodeConversationCursor(newer),
    });
    expect(agencyPage.calls).toHaveLength(1);
    const query = agencyPage.calls[0]!.url.searchParams;
    expect(Object.fromEntries(query)).toEqual({
      agency_id: agency,
      // One row more than the page: it only tells whether a next page exists.
      page_size: "2",
      before_created_at: "2026-01-03T09:00:00+00:00",
      before_id: expect.any(String),
      select: "*,conversation_reads(seen_count)",
      order: "last_message_at.desc.nullslast,created_at.desc,id.desc",
    });
    // The caller's own conversations are still a table read of their own source.
    expect(own.calls[0]!.url.searchParams.get("created_by")).toBe(`eq.${carol}`);
  });

  it("rejects an invalid filter with 400", async () => {
    const request = new NextRequest(`${APP}/api/messages/conversations?context_type=agency_inquiry&context_id=nope`, {
      headers: { authorization: `Bearer ${await accessTokenFor(alice)}` },
    });
    const response = await GET(request);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe("context_id");
  });
});
