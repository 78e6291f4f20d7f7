// Access: nobody reads or writes another user's conversation, neither through the API nor straight through
// PostgREST with their own token; a cookie-authenticated POST from another site is refused.
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, sessionCookie, type User } from "local-supabase";
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
} from "./support/helpers.ts";

const figures = fileFigures("access");

let alice: User;
let mallory: User;
let agency: string;
let aliceConversation: string;
let aliceMessage: string;

beforeAll(async () => {
  [alice, mallory] = await Promise.all([newUser("alice"), newUser("mallory")]);
  agency = await newAgency();
  const opened = (await send(figures, `${ctx().appUrl}/api/messages/conversations`, {
    method: "POST",
    headers: bearer(alice.accessToken),
    body: JSON.stringify(openBody(agency, "Alice's private question")),
  })) as Answer;
  expect(opened.status).toBe(201);
  const data = (opened.json as { data: { id: string; message: { id: string } } }).data;
  aliceConversation = data.id;
  aliceMessage = data.message.id;
});

const rest = (path: string, init: RequestInit & { token?: string } = {}) => {
  const headers: Record<string, string> = {
    apikey: PUBLISHABLE_KEY,
    "content-type": "application/json",
    prefer: "return=representation",
    ...(init.headers as Record<string, string>),
  };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return send(figures, `${ctx().apiUrl}/rest/v1/${path}`, { ...init, headers }) as Promise<Answer>;
};

describe("cross-user access through the API", () => {
  it("Mallory cannot read Alice's conversation, its messages, or post into it", async () => {
    const app = ctx().appUrl;
    const before = await rowCounts();
    const attempts = [
      await send(figures, `${app}/api/messages/conversations/${aliceConversation}`, {
        headers: { authorization: `Bearer ${mallory.accessToken}` },
      }),
      await send(figures, `${app}/api/messages/conversations/${aliceConversation}/messages`, {
        headers: { authorization: `Bearer ${mallory.accessToken}` },
      }),
      await send(figures, `${app}/api/messages/conversations/${aliceConversation}/messages`, {
        method: "POST",
        headers: bearer(mallory.accessToken),
        body: JSON.stringify({ body: "Mallory was here", client_message_id: crypto.randomUUID() }),
      }),
    ] as Answer[];
    figures.inputs += attempts.length;
    expect(attempts.map((a) => [a.status, errorCode(a)])).toEqual([
      [404, "conversation_not_found"],
      [404, "conversation_not_found"],
      [404, "conversation_not_found"],
    ]);

    const list = (await send(
      figures,
      `${app}/api/messages/conversations?context_type=agency_inquiry&context_id=${agency}`,
      {
        headers: { authorization: `Bearer ${mallory.accessToken}` },
      },
    )) as Answer;
    expect(list.status).toBe(200);
    expect((list.json as { data: unknown[] }).data).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("cross-user access straight through PostgREST with the user's own token", () => {
  it("reads return nothing of Alice's", async () => {
    const reads = [
      await rest(`conversations?id=eq.${aliceConversation}&select=*`, { token: mallory.accessToken }),
      await rest(`messages?conversation_id=eq.${aliceConversation}&select=*`, { token: mallory.accessToken }),
      await rest(`messages?id=eq.${aliceMessage}&select=*`, { token: mallory.accessToken }),
      await rest(`conversations?select=*,messages(*)`, { token: mallory.accessToken }),
      await rest(`profiles?id=eq.${alice.id}&select=*`, { token: mallory.accessToken }),
      await rest(`conversations?select=*`),
      await rest(`messages?select=*`),
    ];
    figures.inputs += reads.length;
    for (const r of reads) {
      expect(r.status === 200 || r.status === 401 || r.status === 403, r.text).toBe(true);
      if (r.status === 200) expect(r.json, r.text).toEqual([]);
    }
  });

  it("writes into or over Alice's rows are refused or touch nothing", async () => {
    const before = await query<{ body: string; conversation_id: string }>(
      "select body, conversation_id from public.messages where id = $1",
      [aliceMessage],
    );
    const counts = await rowCounts();
    const writes: Array<{ what: string; answer: Answer; refused: boolean }> = [];
    const attempt = async (what: string, path: string, init: RequestInit & { token?: string }) => {
      const answer = await rest(path, init);
      const touched = answer.status < 300 && Array.isArray(answer.json) && answer.json.length > 0;
      writes.push({ what, answer, refused: answer.status >= 400 || !touched });
    };
    const token = mallory.accessToken;
    await attempt("insert a message into Alice's conversation", "messages", {
      method: "POST",
      token,
      body: JSON.stringify({ conversation_id: aliceConversation, body: "hi", sender_id: mallory.id }),
    });
    await attempt("insert a message as Alice", "messages", {
      method: "POST",
      token,
      body: JSON.stringify({ conversation_id: aliceConversation, body: "hi", sender_id: alice.id }),
    });
    await attempt("insert a conversation for Alice", "conversations", {
      method: "POST",
      token,
      body: JSON.stringify({ context_type: "agency_inquiry", context_id: agency, created_by: alice.id }),
    });
    await attempt("update Alice's message", `messages?id=eq.${aliceMessage}`, {
      method: "PATCH",
      token,
      body: JSON.stringify({ body: "rewritten" }),
    });
    await attempt("move Alice's message", `messages?id=eq.${aliceMessage}`, {
      method: "PATCH",
      token,
      body: JSON.stringify({ conversation_id: crypto.randomUUID() }),
    });
    await attempt("take over Alice's conversation", `conversations?id=eq.${aliceConversation}`, {
      method: "PATCH",
      token,
      body: JSON.stringify({ created_by: mallory.id }),
    });
    await attempt("delete Alice's message", `messages?id=eq.${aliceMessage}`, { method: "DELETE", token });
    await attempt("delete Alice's conversation", `conversations?id=eq.${aliceConversation}`, {
      method: "DELETE",
      token,
    });
    await attempt("anonymous insert", "messages", {
      method: "POST",
      body: JSON.stringify({ conversation_id: aliceConversation, body: "anon" }),
    });
    await attempt("anonymous delete", `conversations?id=eq.${aliceConversation}`, { method: "DELETE" });
    figures.inputs += writes.length;

    expect(writes.filter((w) => !w.refused).map((w) => `${w.what}: ${w.answer.status} ${w.answer.text}`)).toEqual([]);
    expect(writes.filter((w) => w.answer.status >= 500).map((w) => `${w.what}: ${w.answer.status}`)).toEqual([]);
    expect(await rowCounts()).toEqual(counts);
    expect(await query("select body, conversation_id from public.messages where id = $1", [aliceMessage])).toEqual(
      before,
    );
    expect(await query("select created_by from public.conversations where id = $1", [aliceConversation])).toEqual([
      { created_by: alice.id },
    ]);
  });
});

describe("cross-site requests", () => {
  it("a POST with Alice's session cookie from https://evil.example is refused with 403; the same from our origin works", async () => {
    const app = ctx().appUrl;
    const cookie = sessionCookie(ctx().apiUrl, alice.session);
    const url = `${app}/api/messages/conversations/${aliceConversation}/messages`;
    const before = await rowCounts();
    const body = () => JSON.stringify({ body: "Transfer all my money", client_message_id: crypto.randomUUID() });
    const evil = [
      (await send(figures, url, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
        body: body(),
      })) as Answer,
      (await send(figures, `${app}/api/messages/conversations`, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify(openBody(agency, "Transfer all my money")),
      })) as Answer,
      (await send(figures, url, {
        method: "POST",
        headers: { cookie, "sec-fetch-site": "cross-site", "content-type": "application/json" },
        body: body(),
      })) as Answer,
      (await send(figures, url, {
        method: "POST",
        headers: { cookie, origin: "null", "content-type": "application/json" },
        body: body(),
      })) as Answer,
      (await send(figures, url, {
        method: "POST",
        headers: { cookie, origin: `${app}.evil.example`, "content-type": "application/json" },
        body: body(),
      })) as Answer,
    ];
    figures.inputs += evil.length;
    expect(evil.map((a) => [a.status, errorCode(a)])).toEqual(evil.map(() => [403, "cross_site_request"]));
    expect(await rowCounts()).toEqual(before);

    const own = (await send(figures, url, {
      method: "POST",
      headers: { cookie, origin: app, "content-type": "application/json" },
      body: body(),
    })) as Answer;
    expect(own.status, own.text).toBe(201);
  });
});
