// Hostile input: malformed and truncated JSON, wrong types, huge bodies, NUL bytes and odd Unicode, wrong content
// types, missing/forged/expired tokens, other users' conversations, unknown agencies. Every request gets a 4xx
// `{ error: { code, message } }`, nothing answers 5xx and no row is written. SQL- and HTML-looking text in a valid
// message is accepted and stored byte for byte, and the thread page shows it escaped.
import { beforeAll, describe, expect, it } from "vitest";
import { ANON_KEY, PUBLISHABLE_KEY, SERVICE_ROLE_KEY, sessionCookie, type User } from "local-supabase";
import { fileFigures } from "./support/figures.ts";
import {
  bearer,
  ctx,
  errorCode,
  newAgency,
  newUser,
  openBody,
  query,
  rowCounts,
  send,
  type Answer,
  type NoAnswer,
} from "./support/helpers.ts";
import { hostileTokens, type HostileTokens } from "./support/tokens.ts";
import { HOSTILE_NEXT_PATHS } from "../support/hostile-next-paths.ts";

const figures = fileFigures("bad-input");

type Case = {
  name: string;
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Blob | FormData | ReadableStream<Uint8Array>;
  status: number;
  code?: string;
};

let alice: User;
let bob: User;
let agency: string;
let aliceConversation: string;
let bobConversation: string;
const aliceFirst = { id: crypto.randomUUID(), text: "First message" };
let tokens: HostileTokens;

const CONV = "/api/messages/conversations";
const msgs = (id: string) => `${CONV}/${id}/messages`;

beforeAll(async () => {
  [alice, bob] = await Promise.all([newUser("alice"), newUser("bob")]);
  agency = await newAgency();
  const url = `${ctx().appUrl}${CONV}`;
  const a = (await send(figures, url, {
    method: "POST",
    headers: bearer(alice.accessToken),
    body: JSON.stringify(openBody(agency, aliceFirst.text, aliceFirst.id)),
  })) as Answer;
  const b = (await send(figures, url, {
    method: "POST",
    headers: bearer(bob.accessToken),
    body: JSON.stringify(openBody(agency, "Bob's question")),
  })) as Answer;
  expect([a.status, b.status]).toEqual([201, 201]);
  aliceConversation = (a.json as { data: { id: string } }).data.id;
  bobConversation = (b.json as { data: { id: string } }).data.id;
  tokens = await hostileTokens(alice.accessToken, bob.id);
});

function corpus(): Case[] {
  const A = () => bearer(alice.accessToken);
  const valid = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...openBody(agency, "A valid message"), ...extra });
  const post = (
    name: string,
    body: Case["body"],
    status: number,
    code?: string,
    headers?: Record<string, string>,
  ): Case => ({ name, path: CONV, body, status, code, headers: headers ?? A() });
  const reply = (name: string, body: Case["body"], status: number, code?: string, id = aliceConversation): Case => ({
    name,
    path: msgs(id),
    body,
    status,
    code,
    headers: A(),
  });
  const withToken = (name: string, authorization: string | undefined): Case => ({
    name: `token: ${name}`,
    path: CONV,
    body: valid(),
    status: 401,
    code: "unauthorized",
    headers: { "content-type": "application/json", ...(authorization === undefined ? {} : { authorization }) },
  });
  const ct = (contentType: string | null, body: Case["body"] = valid()): Case => ({
    name: `content type ${contentType ?? "(none)"}`,
    path: CONV,
    body,
    status: 415,
    code: "unsupported_media_type",
    headers: {
      authorization: `Bearer ${alice.accessToken}`,
      ...(contentType === null ? {} : { "content-type": contentType }),
    },
  });
  const get = (
    name: string,
    path: string,
    status: number,
    code?: string,
    token: string | null = alice.accessToken,
  ): Case => ({
    name,
    method: "GET",
    path,
    status,
    code,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const huge = (bytes: number) => valid({ padding: "x".repeat(bytes) });
  const chunked = (bytes: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
        controller.enqueue(new TextEncoder().encode('{"context_type":"agency_inquiry","pad":"'));
        for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });

  return [
    // Malformed and truncated JSON
    post("empty body", "", 400, "invalid_json"),
    post("lone brace", "{", 400, "invalid_json"),
    post("truncated after a key", '{"context_type":"agency_inquiry","context_id":', 400, "invalid_json"),
    post("truncated inside a string", '{"context_type":"agency_inq', 400, "invalid_json"),
    post("truncated valid body", valid().slice(0, -7), 400, "invalid_json"),
    post("single quotes", "{'context_type': 'agency_inquiry'}", 400, "invalid_json"),
    post("trailing comma", '{"context_type":"agency_inquiry",}', 400, "invalid_json"),
    post("NaN", "NaN", 400, "invalid_json"),
    post("comment", "/* hi */ {}", 400, "invalid_json"),
    post("invalid UTF-8 bytes", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 400, "invalid_json"),
    post("raw NUL byte in the JSON text", '{"context_type":"agency_inquiry\u0000"}', 400),
    post("null", "null", 400, "validation_failed"),
    post("array", "[]", 400, "validation_failed"),
    post("number", "123", 400, "validation_failed"),
    post("string", '"hello"', 400, "validation_failed"),
    post("true", "true", 400, "validation_failed"),
    post("30 000 nested arrays", "[".repeat(30_000) + "]".repeat(30_000), 400),
    post(
      "__proto__ pollution",
      '{"__proto__":{"context_type":"agency_inquiry","context_id":"x"},"constructor":{"prototype":{"admin":true}}}',
      400,
      "validation_failed",
    ),
    // Wrong types and values
    post("empty object", "{}", 400, "validation_failed"),
    post("context_type number", valid({ context_type: 123 }), 400, "validation_failed"),
    post("context_type support", valid({ context_type: "support" }), 400, "validation_failed"),
    post("context_type null", valid({ context_type: null }), 400, "validation_failed"),
    post("context_id number", valid({ context_id: 42 }), 400, "validation_failed"),
    post("context_id not a UUID", valid({ context_id: "not-a-uuid" }), 400, "validation_failed"),
    post("context_id SQL", valid({ context_id: "' OR 1=1; --" }), 400, "validation_failed"),
    post("context_id array", valid({ context_id: [agency] }), 400, "validation_failed"),
    post("initial_message number", valid({ initial_message: 123 }), 400, "validation_failed"),
    post("initial_message null", valid({ initial_message: null }), 400, "validation_failed"),
    post("initial_message array", valid({ initial_message: ["a"] }), 400, "validation_failed"),
    post("initial_message object", valid({ initial_message: { text: "a" } }), 400, "validation_failed"),
    post("initial_message empty", valid({ initial_message: "" }), 400, "validation_failed"),
    post("initial_message whitespace only", valid({ initial_message: " \n\t\u00a0 " }), 400, "validation_failed"),
    post("initial_message 4001 characters", valid({ initial_message: "a".repeat(4001) }), 400, "validation_failed"),
    post("initial_message with NUL", valid({ initial_message: "hi\u0000there" }), 400, "validation_failed"),
    post("initial_message only NUL", valid({ initial_message: "\u0000" }), 400, "validation_failed"),
    post("initial_message lone high surrogate", valid({ initial_message: "broken \ud800 text" }), 400),
    post("initial_message lone low surrogate", valid({ initial_message: "\udc00" }), 400),
    post("client_message_id not a UUID", valid({ client_message_id: "zzz" }), 400, "validation_failed"),
    post("client_message_id number", valid({ client_message_id: 12345 }), 400, "validation_failed"),
    post(
      "client_message_id SQL",
      valid({ client_message_id: "1'; delete from messages; --" }),
      400,
      "validation_failed",
    ),
    post(
      "message under the wrong key",
      JSON.stringify({ context_type: "agency_inquiry", context_id: agency, message: "hi" }),
      400,
      "validation_failed",
    ),
    // Replies
    reply("reply: empty object", "{}", 400, "validation_failed"),
    reply("reply: body number", JSON.stringify({ body: 5 }), 400, "validation_failed"),
    reply("reply: body empty", JSON.stringify({ body: "" }), 400, "validation_failed"),
    reply("reply: body 4001 characters", JSON.stringify({ body: "b".repeat(4001) }), 400, "validation_failed"),
    reply("reply: body with NUL", JSON.stringify({ body: "a\u0000b" }), 400, "validation_failed"),
    reply(
      "reply: client_message_id not a UUID",
      JSON.stringify({ body: "ok", client_message_id: "nope" }),
      400,
      "validation_failed",
    ),
    {
      name: "reply: conversation id not a UUID",
      path: msgs("not-a-uuid"),
      body: JSON.stringify({ body: "ok" }),
      status: 400,
      headers: A(),
    },
    {
      name: "reply: conversation id SQL",
      path: msgs(encodeURIComponent("1' or '1'='1")),
      body: JSON.stringify({ body: "ok" }),
      status: 400,
      headers: A(),
    },
    reply(
      "reply: unknown conversation",
      JSON.stringify({ body: "ok" }),
      404,
      "conversation_not_found",
      crypto.randomUUID(),
    ),
    reply(
      "reply: another user's conversation",
      JSON.stringify({ body: "let me in" }),
      404,
      "conversation_not_found",
      bobConversation,
    ),
    reply(
      "reply: client_message_id reused for another text",
      JSON.stringify({ body: "a different text", client_message_id: aliceFirst.id }),
      409,
      "idempotency_key_reused",
    ),
    post(
      "client_message_id reused for another text",
      JSON.stringify(openBody(agency, "another text", aliceFirst.id)),
      409,
      "idempotency_key_reused",
    ),
    // Unknown agency
    post("unknown agency", JSON.stringify(openBody(crypto.randomUUID(), "Hello?")), 404, "agency_not_found"),
    // Sizes
    post("70 KiB body with Content-Length", huge(70 * 1024), 413, "payload_too_large"),
    post("1 MiB body with Content-Length", huge(1024 * 1024), 413, "payload_too_large"),
    {
      name: "200 KiB chunked body without Content-Length",
      path: CONV,
      body: chunked(200 * 1024),
      status: 413,
      code: "payload_too_large",
      headers: A(),
    },
    // Content types
    ct("text/plain"),
    ct("application/x-www-form-urlencoded", "context_type=agency_inquiry&initial_message=hi"),
    ct(null, new Blob([valid()])),
    ct("application/jsonx"),
    ct("application/json-patch+json"),
    ct("text/html"),
    ct("application/xml", "<message>hi</message>"),
    {
      name: "content type multipart/form-data",
      path: CONV,
      body: formData(),
      status: 415,
      code: "unsupported_media_type",
      headers: { authorization: `Bearer ${alice.accessToken}` },
    },
    // Tokens
    withToken("missing", undefined),
    withToken("empty bearer", "Bearer "),
    withToken("garbage", `Bearer ${tokens.garbage}`),
    withToken("a.b.c", `Bearer ${tokens.threeDots}`),
    withToken("Basic credentials", `Basic ${Buffer.from("alice:password").toString("base64")}`),
    withToken("expired (genuine signature)", `Bearer ${tokens.expired}`),
    withToken("signed with another key, same kid", `Bearer ${tokens.forgedKey}`),
    withToken("alg none", `Bearer ${tokens.algNone}`),
    withToken("sub changed, signature kept", `Bearer ${tokens.tamperedSub}`),
    withToken("HS256 with a wrong secret", `Bearer ${tokens.wrongHmac}`),
    withToken("publishable key as bearer", `Bearer ${PUBLISHABLE_KEY}`),
    withToken("anon key (no user)", `Bearer ${ANON_KEY}`),
    withToken("service role key (no user)", `Bearer ${SERVICE_ROLE_KEY}`),
    withToken("forged session cookie", undefined),
    withToken("header not JSON", `Bearer ${tokens.headerNotJson}`),
    withToken("alg a number", `Bearer ${tokens.algNumber}`),
    withToken("alg an object", `Bearer ${tokens.algObject}`),
    withToken("session cookie whose token header is not JSON", undefined),
    withToken("session cookie whose token alg is a number", undefined),
    // Idempotency-Key header
    post("Idempotency-Key not a UUID", valid({ client_message_id: undefined }), 400, "validation_failed", {
      ...A(),
      "idempotency-key": "retry-1",
    }),
    post("Idempotency-Key empty", valid({ client_message_id: undefined }), 400, "validation_failed", {
      ...A(),
      "idempotency-key": "",
    }),
    post(
      "Idempotency-Key differs from client_message_id",
      valid({ client_message_id: crypto.randomUUID() }),
      400,
      "validation_failed",
      { ...A(), "idempotency-key": crypto.randomUUID() },
    ),
    post(
      "Idempotency-Key reused for another text",
      valid({ client_message_id: undefined }),
      409,
      "idempotency_key_reused",
      {
        ...A(),
        "idempotency-key": aliceFirst.id,
      },
    ),
    // Reads
    get("list: limit=abc", `${CONV}?limit=abc`, 400, "validation_failed"),
    get("list: limit=0", `${CONV}?limit=0`, 400, "validation_failed"),
    get("list: limit=101", `${CONV}?limit=101`, 400, "validation_failed"),
    get(
      "list: context_id SQL",
      `${CONV}?context_type=agency_inquiry&context_id=${encodeURIComponent("' or 1=1 --")}`,
      400,
      "validation_failed",
    ),
    get("list: context_id without context_type", `${CONV}?context_id=${agency}`, 400, "validation_failed"),
    get("list: context_type support", `${CONV}?context_type=support`, 400, "validation_failed"),
    get("list: no token", CONV, 401, "unauthorized", null),
    get("list: expired token", CONV, 401, "unauthorized", tokens.expired),
    get("read another user's conversation", `${CONV}/${bobConversation}`, 404, "conversation_not_found"),
    get("read another user's messages", msgs(bobConversation), 404, "conversation_not_found"),
    get("read a conversation id that is not a UUID", `${CONV}/%3Cscript%3E`, 400),
  ].map((c) => {
    const cookie = {
      "token: forged session cookie": forgedCookie,
      "token: session cookie whose token header is not JSON": () => cookieWithToken(tokens.headerNotJson),
      "token: session cookie whose token alg is a number": () => cookieWithToken(tokens.algNumber),
    }[c.name];
    return cookie ? { ...c, headers: { ...c.headers, cookie: cookie(), origin: ctx().appUrl } } : c;
  });
}

function formData(): FormData {
  const form = new FormData();
  form.set("context_type", "agency_inquiry");
  form.set("initial_message", "hi");
  return form;
}

/** Alice's session cookie around another access token. */
function cookieWithToken(accessToken: string): string {
  return sessionCookie(ctx().apiUrl, { ...alice.session, access_token: accessToken });
}

/** Alice's session cookie, with Bob's id written into the (unsigned) user object and a token signed by another key. */
function forgedCookie(): string {
  return sessionCookie(ctx().apiUrl, {
    ...alice.session,
    access_token: tokens.forgedKey,
    user: { ...alice.session.user, id: bob.id },
  });
}

describe("hostile requests", () => {
  it("every request of the corpus gets a 4xx JSON error, nothing answers 5xx, no row changes", async () => {
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const before = await rowCounts();
    const problems: string[] = [];
    for (const c of cases) {
      figures.inputs++;
      const init: RequestInit & { duplex?: "half" } = {
        method: c.method ?? "POST",
        headers: c.headers,
        body: c.body as BodyInit | undefined,
      };
      if (c.body instanceof ReadableStream) init.duplex = "half";
      const answer: Answer | NoAnswer = await send(figures, `${ctx().appUrl}${c.path}`, init);
      const code = errorCode(answer);
      const contentType = "contentType" in answer ? answer.contentType : "";
      const cacheControl = "headers" in answer ? answer.headers.get("cache-control") : null;
      if (cacheControl !== "private, no-store") problems.push(`${c.name}: Cache-Control ${cacheControl}`);
      if (
        answer.status !== c.status ||
        (c.code && code !== c.code) ||
        !code ||
        !contentType.includes("application/json")
      ) {
        problems.push(
          `${c.name}: expected ${c.status}${c.code ? ` ${c.code}` : ""}, got ${answer.status} ${"text" in answer ? answer.text.slice(0, 160) : answer.error}`,
        );
      }
    }
    const after = await rowCounts();
    expect(problems, "requests answered otherwise than expected").toEqual([]);
    expect(after, "row counts (conversations, messages)").toEqual(before);
  });

  it("extra fields (created_by, id, sender_id, conversation_id) are ignored, never used", async () => {
    const forgedId = crypto.randomUUID();
    const url = `${ctx().appUrl}${CONV}`;
    // The retry of Alice's first send, with forged ownership fields: the stored message comes back, nothing changes.
    figures.inputs += 2;
    const replay = (await send(figures, url, {
      method: "POST",
      headers: bearer(alice.accessToken),
      body: JSON.stringify({
        ...openBody(agency, aliceFirst.text, aliceFirst.id),
        created_by: bob.id,
        id: forgedId,
        sender_id: bob.id,
        conversation_id: bobConversation,
      }),
    })) as Answer;
    expect(replay.status).toBe(200);
    expect((replay.json as { data: { id: string; created_by: string } }).data).toMatchObject({
      id: aliceConversation,
      created_by: alice.id,
    });

    const reply = (await send(figures, `${ctx().appUrl}${msgs(aliceConversation)}`, {
      method: "POST",
      headers: bearer(alice.accessToken),
      body: JSON.stringify({
        body: "Extra fields",
        id: forgedId,
        sender_id: bob.id,
        conversation_id: bobConversation,
        created_at: "2000-01-01T00:00:00Z",
      }),
    })) as Answer;
    expect(reply.status).toBe(201);
    const [row] = await query<{ id: string; sender_id: string; conversation_id: string; created_at: Date }>(
      "select id, sender_id, conversation_id, created_at from public.messages where body = 'Extra fields'",
    );
    expect(row).toMatchObject({ sender_id: alice.id, conversation_id: aliceConversation });
    expect(row!.id).not.toBe(forgedId);
    expect(row!.created_at.getFullYear()).toBeGreaterThan(2000);
    expect(await query("select 1 from public.conversations where id = $1", [forgedId])).toEqual([]);
  });

  const texts = [
    "'); DROP TABLE public.messages; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM conversations WHERE ('1'='1",
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "</p></li><svg onload=alert(document.cookie)>",
    '"><iframe src="javascript:alert(1)"></iframe>',
    "&lt;already escaped&gt; &amp; &#x27;",
    "{{constructor.constructor('alert(1)')()}} ${7*7}",
    "Emoji 👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇮",
    "RTL override \u202Egnp.exe\u202C and isolate \u2067abc\u2069",
    "Zero\u200Bwidth\u200Djoiner and combining e\u0301 and CJK 你好",
    "Backslashes \\u0000 \\n and a tab\there",
  ];

  it("SQL- and HTML-looking text in a valid message is stored byte for byte and shown escaped", async () => {
    const url = `${ctx().appUrl}${msgs(aliceConversation)}`;
    for (const text of texts) {
      figures.inputs++;
      const answer = (await send(figures, url, {
        method: "POST",
        headers: bearer(alice.accessToken),
        body: JSON.stringify({ body: text }),
      })) as Answer;
      expect(answer.status, text).toBe(201);
      expect((answer.json as { data: { body: string } }).data.body).toBe(text);
    }
    const stored = await query<{ body: string; bytes: Buffer }>(
      "select body, convert_to(body, 'UTF8') as bytes from public.messages where conversation_id = $1",
      [aliceConversation],
    );
    for (const text of texts) {
      const row = stored.find((r) => r.body === text);
      expect(row, `stored: ${text}`).toBeDefined();
      expect(Buffer.compare(row!.bytes, Buffer.from(text, "utf8")), `bytes of ${text}`).toBe(0);
    }

    const api = (await send(figures, url, { headers: { authorization: `Bearer ${alice.accessToken}` } })) as Answer;
    expect(api.contentType).toContain("application/json");
    const bodies = (api.json as { data: { body: string }[] }).data.map((m) => m.body);
    for (const text of texts) expect(bodies).toContain(text);

    const page = (await send(figures, `${ctx().appUrl}/messages/conversations/${aliceConversation}`, {
      headers: { cookie: sessionCookie(ctx().apiUrl, alice.session) },
      redirect: "manual",
    })) as Answer;
    expect(page.status).toBe(200);
    expect(page.contentType).toContain("text/html");
    for (const text of texts.filter((t) => /[<>"'&]/.test(t))) {
      // Quotes in a JS string of the inline RSC payload are harmless; a raw `<` anywhere is not.
      if (text.includes("<")) expect(page.text.includes(text), `raw HTML in the page: ${text}`).toBe(false);
      expect(page.text, `escaped in the page: ${text}`).toContain(escapeHtml(text));
    }
    expect(page.text).not.toMatch(/<script>alert/);
    expect(page.text).not.toMatch(/<img src=x/);
    expect(page.text).not.toMatch(/<svg onload/);
  });
});

describe("the sign-in page's next= when already signed in", () => {
  it("redirects only within the site, whatever the next= value", async () => {
    const cookie = sessionCookie(ctx().apiUrl, alice.session);
    const problems: string[] = [];
    for (const [name, next] of HOSTILE_NEXT_PATHS) {
      figures.inputs++;
      const answer = await send(figures, `${ctx().appUrl}/login?next=${encodeURIComponent(next)}`, {
        headers: { cookie },
        redirect: "manual",
      });
      const location = "headers" in answer ? answer.headers.get("location") : null;
      const target = location === null ? null : new URL(location, ctx().appUrl);
      if (answer.status < 300 || answer.status >= 400 || target?.origin !== new URL(ctx().appUrl).origin) {
        problems.push(`${name} (${JSON.stringify(next)}): ${answer.status} Location ${location}`);
      }
    }
    expect(problems, "redirects off the site").toEqual([]);
  });
});

describe("pages with a session cookie holding a malformed token", () => {
  it("read as signed out (sent to sign in), never a 500", async () => {
    for (const token of [tokens.headerNotJson, tokens.algNumber, tokens.algObject]) {
      figures.inputs++;
      const answer = (await send(figures, `${ctx().appUrl}/messages`, {
        headers: { cookie: cookieWithToken(token) },
        redirect: "manual",
      })) as Answer;
      expect(answer.status).toBe(307);
      expect(answer.headers.get("location")).toMatch(/^\/login\?next=(%2F|\/)messages$/);
    }
  });
});

describe("x-request-id from outside", () => {
  it.each([
    ["too long", "r".repeat(200)],
    ["not a token", "<script>alert(1)</script>"],
    ["header injection attempt", "abc%0d%0aSet-Cookie: a=b"],
  ])("is replaced when %s", async (_name, given) => {
    figures.inputs++;
    const answer = (await send(figures, `${ctx().appUrl}${CONV}`, {
      headers: { authorization: `Bearer ${alice.accessToken}`, "x-request-id": given },
    })) as Answer;
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is kept when it is a short token", async () => {
    const answer = (await send(figures, `${ctx().appUrl}${CONV}`, {
      headers: { authorization: `Bearer ${alice.accessToken}`, "x-request-id": "client-42.retry_1" },
    })) as Answer;
    expect(answer.headers.get("x-request-id")).toBe("client-42.retry_1");
  });
});

/** How React escapes text content. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}
