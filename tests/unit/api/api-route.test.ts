import { NextRequest } from "next/server";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { GET, POST } from "@/app/api/messages/conversations/route";
import { accessTokenFor, refreshGrant, SESSION_COOKIE, sessionCookieFor } from "@/tests/support/msw/handlers/auth";
import { conversationsTable } from "@/tests/support/msw/handlers/conversations";
import { conversationRow } from "@/tests/support/factories/rows";
import { echoInsertedMessage, messagesTable } from "@/tests/support/msw/handlers/messages";
import { postgrest } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { REST_URL } from "@/tests/support/msw/supabase-url";

const alice = "11111111-1111-4111-8111-111111111111";
const agency = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const URL_ = "http://app.test/api/messages/conversations";
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ context_type: "agency_inquiry", context_id: agency, initial_message: "Hello", ...extra });

async function post(init: { body?: BodyInit; headers?: Record<string, string>; url?: string } = {}) {
  const headers = new Headers({ "content-type": "application/json", host: "app.test", ...init.headers });
  if (!headers.has("authorization") && !headers.has("cookie"))
    headers.set("authorization", `Bearer ${await accessTokenFor(alice)}`);
  return POST(
    new NextRequest(init.url ?? URL_, { method: "POST", headers, body: init.body ?? body(), duplex: "half" } as never),
  );
}

function existingConversation() {
  const existing = conversationRow({ context_id: agency, created_by: alice });
  const messages = messagesTable({ post: [echoInsertedMessage()] });
  server.use(...conversationsTable({ get: [() => postgrest.rows([existing])] }).handlers, ...messages.handlers);
  return messages;
}

/** A JWT-shaped token with the given header (not signed). */
const tokenWithHeader = (header: string) =>
  `${Buffer.from(header).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: alice, exp: 9_999_999_999 })).toString("base64url")}.c2ln`;

afterEach(() => vi.restoreAllMocks());

describe("every API answer is private and uncacheable", () => {
  it.each([
    ["POST existing", 200, async () => (existingConversation(), post())],
    ["POST malformed", 400, async () => post({ body: "{" })],
    ["POST bad token", 401, async () => post({ headers: { authorization: "Bearer nope" } })],
    [
      "POST, database unreachable",
      503,
      async () => {
        vi.spyOn(console, "error").mockImplementation(() => {});
        server.use(http.get(`${REST_URL}/conversations`, () => HttpResponse.error()));
        return post();
      },
    ],
    [
      "GET the button's check",
      200,
      async () => {
        const existing = conversationRow({ context_id: agency, created_by: alice });
        server.use(
          ...conversationsTable({ get: [() => postgrest.rows([{ ...existing, conversation_reads: [] }])] }).handlers,
        );
        const check = `${URL_}?context_type=agency_inquiry&context_id=${agency}&limit=1`;
        return GET(new NextRequest(check, { headers: { authorization: `Bearer ${await accessTokenFor(alice)}` } }));
      },
    ],
    ["GET health", 200, async () => getHealth(new NextRequest("http://app.test/api/health"))],
  ] as const)("%s: %i with Cache-Control: private, no-store", async (_name, status, answer) => {
    const response = await answer();
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("session cookies set by the API", () => {
  async function refreshedCookie(url: string, extraHeaders: Record<string, string> = {}) {
    server.use(refreshGrant(alice));
    existingConversation();
    const cookie = await sessionCookieFor(alice, { expiresInSeconds: 30 });
    const response = await post({ url, headers: { cookie, origin: new URL(url).origin, ...extraHeaders } });
    expect(response.status).toBe(200);
    return response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  }

  it("are HttpOnly and SameSite=Lax, not Secure over plain http", async () => {
    const cookie = await refreshedCookie(URL_);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("are Secure when served over https (directly or behind a TLS proxy)", async () => {
    expect(await refreshedCookie("https://app.test/api/messages/conversations")).toMatch(/; Secure/i);
    expect(await refreshedCookie(URL_, { "x-forwarded-proto": "https" })).toMatch(/; Secure/i);
  });
});

describe("malformed tokens and cookies are 401, never 500", () => {
  const malformed = [
    ["header not JSON", tokenWithHeader("not json")],
    ["alg a number", tokenWithHeader(JSON.stringify({ alg: 256, kid: "unit-test-key", typ: "JWT" }))],
    ["alg an object", tokenWithHeader(JSON.stringify({ alg: { name: "ES256" }, kid: "k" }))],
    ["header null", tokenWithHeader("null")],
  ] as const;

  it.each(malformed)("bearer token: %s", async (_name, token) => {
    const error = vi.spyOn(console, "error");
    const response = await post({ headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
    expect(error).not.toHaveBeenCalled();
  });

  it.each(malformed)("session cookie holding a token whose %s", async (_name, token) => {
    const session = { access_token: token, refresh_token: "r", expires_at: 9_999_999_999, token_type: "bearer" };
    const cookie = `${SESSION_COOKIE}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
    const response = await post({ headers: { cookie, origin: "http://app.test" } });
    expect(response.status).toBe(401);
  });
});

describe("Idempotency-Key header", () => {
  const key = "44444444-4444-4444-8444-444444444444";

  it("is used as the client_message_id when the body has none (bare or quoted)", async () => {
    for (const header of [key, `"${key}"`]) {
      const messages = existingConversation();
      const response = await post({ headers: { "idempotency-key": header } });
      expect(response.status).toBe(200);
      expect(messages.calls.at(-1)!.body).toMatchObject({ client_message_id: key });
    }
  });

  it("may repeat the body's client_message_id", async () => {
    existingConversation();
    const response = await post({ body: body({ client_message_id: key }), headers: { "idempotency-key": key } });
    expect(response.status).toBe(200);
  });

  it.each([
    ["different from the body's client_message_id", crypto.randomUUID(), { client_message_id: key }],
    ["not a UUID", "retry-1", {}],
    ["empty", "", {}],
  ])("is refused with 400 when %s, before anything is written", async (_name, header, extra) => {
    const response = await post({ body: body(extra), headers: { "idempotency-key": header } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("validation_failed");
  });

  it("is checked with the body, before the caller is authenticated (a bad key is a 400 even signed out)", async () => {
    const response = await post({ headers: { "idempotency-key": "retry-1", authorization: "Bearer nope" } });
    expect(response.status).toBe(400);
  });
});

describe("x-request-id", () => {
  it("keeps a short token from outside", async () => {
    existingConversation();
    const response = await post({ headers: { "x-request-id": "bench-rt-1.a_b" } });
    expect(response.headers.get("x-request-id")).toBe("bench-rt-1.a_b");
  });

  it.each([
    ["too long", "x".repeat(65)],
    ["with spaces and quotes", 'a "b" c'],
    ["with a newline-like escape", "a%0d%0aSet-Cookie:x"],
  ])("replaces one that is %s with a new id", async (_name, given) => {
    existingConversation();
    const response = await post({ headers: { "x-request-id": given } });
    const id = response.headers.get("x-request-id");
    expect(id).not.toBe(given);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("a client that disconnects mid-body", () => {
  it("gets a 400 incomplete_body, and nothing is logged as a server error", async () => {
    const error = vi.spyOn(console, "error");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"context_type":"agency_inq'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const response = await post({ body: stream });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("incomplete_body");
    expect(response.headers.get("connection")).toBe("close");
    expect(error).not.toHaveBeenCalled();
  });
});
