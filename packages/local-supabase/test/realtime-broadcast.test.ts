// Contract tests of the stack's Realtime endpoint with the real supabase-js client, in both serializers
// (vsn 2.0.0, the default, and 1.0.0): joins authorised by RLS policies on realtime.messages that this file
// creates, Broadcast from the database after commit, public and private topics apart, heartbeats and dead
// sockets, token refresh, client and REST broadcasts, and reconnecting after the stack restarts.
// On PostgreSQL when DATABASE_URL is set (a throwaway database), else on embedded PGlite.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { WebSocket } from "ws";
import {
  JWT_SECRET,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  createThrowawayDatabase,
  createUser,
  passwordSession,
  startStack,
  withClient,
  type Stack,
  type ThrowawayDatabase,
  type User,
} from "../src/index.ts";

const WORKDIR = fileURLToPath(new URL("./fixture-project", import.meta.url));
const IDLE_TIMEOUT_MS = 1_500;
const VSNS = ["2.0.0", "1.0.0"] as const;

let stack: Stack;
let database: ThrowawayDatabase | null = null;
let dataDir: string;
let alice: User;
let bob: User;
const clients: SupabaseClient[] = [];

async function startTestStack(apiPort?: number): Promise<Stack> {
  return startStack({
    databaseUrl: database?.url,
    dataDir,
    pgliteDir: join(dataDir, "pglite"),
    workdir: WORKDIR,
    ports: apiPort ? { api: apiPort, rest: 0, db: 0 } : "auto",
    realtimeIdleTimeoutMs: IDLE_TIMEOUT_MS,
    log: process.env.STACK_DEBUG ? (line) => process.stderr.write(`[stack] ${line}\n`) : undefined,
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rt-stack-"));
  if (process.env.DATABASE_URL) database = await createThrowawayDatabase(process.env.DATABASE_URL, "rt_contract");
  stack = await startTestStack();
  // Who may read and write which private topic: rows of a table this file owns, checked by the policies.
  await withClient(stack.dbUrl, (c) =>
    c.query(`
      create schema rt_test;
      create table rt_test.topic_access (user_id uuid not null, topic text not null, primary key (topic, user_id));
      alter table rt_test.topic_access enable row level security;
      create policy own_rows on rt_test.topic_access for select to authenticated
        using (user_id = (select auth.uid()));
      grant usage on schema rt_test to authenticated;
      grant select on rt_test.topic_access to authenticated;
      create policy rt_test_read on realtime.messages for select to authenticated
        using (exists (select 1 from rt_test.topic_access a
                       where a.topic = (select realtime.topic()) and a.user_id = (select auth.uid())));
      create policy rt_test_write on realtime.messages for insert to authenticated
        with check (exists (select 1 from rt_test.topic_access a
                            where a.topic = (select realtime.topic()) and a.user_id = (select auth.uid())));
    `),
  );
  [alice, bob] = await Promise.all([createUser(stack.apiUrl, "rt-alice"), createUser(stack.apiUrl, "rt-bob")]);
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
  await stack?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

type Received = { event: string; payload: Record<string, unknown>; meta?: { id?: string } };

/** A supabase-js client on `vsn` whose Realtime token is whatever `token.value` holds. */
function realtimeClient(vsn: (typeof VSNS)[number], token: { value: string }, heartbeatIntervalMs = 25_000) {
  const client = createClient(stack.apiUrl, PUBLISHABLE_KEY, {
    accessToken: async () => token.value,
    realtime: { vsn, heartbeatIntervalMs },
  });
  clients.push(client);
  return client;
}

/**
 * Subscribes and resolves with the first outcome (SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT or CLOSED). The token
 * is fetched first: supabase-js puts into the join only a token it already holds.
 */
async function subscribe(channel: RealtimeChannel): Promise<{ status: string; err?: Error }> {
  await channel.socket.setAuth();
  return new Promise((resolve) => channel.subscribe((status, err) => resolve({ status, err })));
}

async function expectSubscribed(channel: RealtimeChannel): Promise<void> {
  const outcome = await subscribe(channel);
  expect(`${outcome.status} ${outcome.err?.message ?? ""}`.trim()).toBe("SUBSCRIBED");
}

/** Collects the broadcasts of `event` on the channel (bind before subscribing). */
function collect(channel: RealtimeChannel, event: string): Received[] {
  const got: Received[] = [];
  channel.on("broadcast", { event }, (m) => got.push(m as unknown as Received));
  return got;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function grant(user: User, topic: string): Promise<void> {
  await withClient(stack.dbUrl, (c) =>
    c.query("insert into rt_test.topic_access (user_id, topic) values ($1, $2)", [user.id, topic]),
  );
}

/** realtime.send() as the database's superuser, committed (or rolled back with `rollback`). */
async function dbSend(topic: string, event: string, payload: object, isPrivate: boolean, rollback = false) {
  await withClient(stack.dbUrl, async (c) => {
    await c.query("begin");
    await c.query("select realtime.send($1::jsonb, $2, $3, $4)", [JSON.stringify(payload), event, topic, isPrivate]);
    await c.query(rollback ? "rollback" : "commit");
  });
}

const uniqueTopic = (label: string) => `rt-test:${label}:${crypto.randomUUID().slice(0, 8)}`;

describe.each(VSNS)("Realtime Broadcast with supabase-js, vsn %s", (vsn) => {
  it("allows a private join per policy, refuses it otherwise, and delivers realtime.send() after commit", async () => {
    const topic = uniqueTopic("room");
    await grant(alice, topic);
    const aliceChannel = realtimeClient(vsn, { value: alice.accessToken }).channel(topic, {
      config: { private: true },
    });
    const got = collect(aliceChannel, "message_created");
    await expectSubscribed(aliceChannel);

    const bobClient = realtimeClient(vsn, { value: bob.accessToken });
    const bobChannel = bobClient.channel(topic, { config: { private: true } });
    const refused = await subscribe(bobChannel);
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.err?.message).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    await bobClient.removeChannel(bobChannel);

    await dbSend(topic, "message_created", { body: "hello" }, true);
    await waitFor(() => got.length === 1, "the broadcast from the database");
    const [message] = got;
    expect(message!.event).toBe("message_created");
    expect(message!.payload).toMatchObject({ body: "hello" });
    // realtime.send() adds the message id to the payload; Realtime sends it as meta.id too.
    expect(message!.payload.id).toEqual(expect.any(String));
    expect(message!.meta?.id).toBe(message!.payload.id);
  });

  it("keeps public and private topics apart, and refuses a private join without read access", async () => {
    const topic = uniqueTopic("split");
    await grant(alice, topic);
    const client = realtimeClient(vsn, { value: alice.accessToken });
    const privateChannel = client.channel(topic, { config: { private: true } });
    const publicOnOther = realtimeClient(vsn, { value: bob.accessToken }).channel(topic);
    const privateGot = collect(privateChannel, "e");
    const publicGot = collect(publicOnOther, "e");
    await expectSubscribed(privateChannel);
    await expectSubscribed(publicOnOther);

    await dbSend(topic, "e", { to: "private" }, true);
    await dbSend(topic, "e", { to: "public" }, false);
    await waitFor(() => privateGot.length === 1 && publicGot.length === 1, "one broadcast on each side");
    expect(privateGot[0]!.payload).toMatchObject({ to: "private" });
    expect(publicGot[0]!.payload).toMatchObject({ to: "public" });

    // Bob may join the topic publicly (above) but not privately: private means the policies decide.
    const bobPrivate = realtimeClient(vsn, { value: bob.accessToken }).channel(topic, { config: { private: true } });
    const refused = await subscribe(bobPrivate);
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.err?.message).toContain("Unauthorized");
    await bobPrivate.unsubscribe();
  });

  it("broadcasts nothing for a rolled-back realtime.send()", async () => {
    const topic = uniqueTopic("rollback");
    await grant(alice, topic);
    const channel = realtimeClient(vsn, { value: alice.accessToken }).channel(topic, { config: { private: true } });
    const got = collect(channel, "e");
    await expectSubscribed(channel);

    await dbSend(topic, "e", { n: "rolled back" }, true, true);
    await dbSend(topic, "e", { n: "committed" }, true);
    // Notifications arrive in commit order: had the rolled-back one been sent, it would be here first.
    await waitFor(() => got.length >= 1, "the committed broadcast");
    expect(got.map((m) => m.payload.n)).toEqual(["committed"]);
  });

  it("re-checks access when the token is refreshed: a user who lost it stops receiving", async () => {
    const topic = uniqueTopic("refresh");
    await grant(alice, topic);
    const token = { value: alice.accessToken };
    const client = realtimeClient(vsn, token);
    const channel = client.channel(topic, { config: { private: true } });
    const got = collect(channel, "e");
    const system: Array<{ status: string; message: string }> = [];
    channel.on("system", {}, (m) => system.push(m as { status: string; message: string }));
    const statuses: string[] = [];
    await client.realtime.setAuth();
    await new Promise<void>((resolve) =>
      channel.subscribe((status) => {
        statuses.push(status);
        if (status === "SUBSCRIBED") resolve();
      }),
    );

    // A fresh token while access remains: still subscribed, still receiving.
    token.value = (await passwordSession(stack.apiUrl, alice.email, alice.password)).access_token;
    await client.realtime.setAuth();
    await dbSend(topic, "e", { n: 1 }, true);
    await waitFor(() => got.length === 1, "a broadcast after a refresh that keeps access");

    await withClient(stack.dbUrl, (c) =>
      c.query("delete from rt_test.topic_access where user_id = $1 and topic = $2", [alice.id, topic]),
    );
    token.value = (await passwordSession(stack.apiUrl, alice.email, alice.password)).access_token;
    await client.realtime.setAuth();
    await waitFor(() => statuses.includes("CLOSED"), "the channel to close");
    expect(system).toContainEqual(
      expect.objectContaining({
        status: "error",
        message: `You do not have permissions to read from this Channel topic: ${topic}`,
      }),
    );

    // A listener still allowed proves the next broadcast went out; the user who lost access got none of it.
    await grant(bob, topic);
    const witness = realtimeClient(vsn, { value: bob.accessToken }).channel(topic, { config: { private: true } });
    const witnessGot = collect(witness, "e");
    await expectSubscribed(witness);
    await dbSend(topic, "e", { n: 2 }, true);
    await waitFor(() => witnessGot.length === 1, "the witness's broadcast");
    expect(got.map((m) => m.payload.n)).toEqual([1]);
  });

  it("refuses a join with an invalid token", async () => {
    const topic = uniqueTopic("bad-token");
    const bad = realtimeClient(vsn, { value: "not-a-jwt" }).channel(topic);
    const refused = await subscribe(bad);
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.err?.message).toBe("MalformedJWT: The token provided is not a valid JWT");
    await bad.unsubscribe();
  });

  it("relays client broadcasts over the socket (ack, self) and the REST broadcast per write policy", async () => {
    const topic = uniqueTopic("client");
    await grant(alice, topic);
    const sender = realtimeClient(vsn, { value: alice.accessToken }).channel(topic, {
      config: { private: true, broadcast: { ack: true, self: false } },
    });
    const senderGot = collect(sender, "typing");
    const listener = realtimeClient(vsn, { value: alice.accessToken }).channel(topic, { config: { private: true } });
    const listenerGot = collect(listener, "typing");
    await expectSubscribed(sender);
    await expectSubscribed(listener);

    expect(await sender.send({ type: "broadcast", event: "typing", payload: { who: "alice" } })).toBe("ok");
    await waitFor(() => listenerGot.length === 1, "the client broadcast");
    expect(listenerGot[0]!.payload).toEqual({ who: "alice" });
    expect(senderGot).toEqual([]); // self: false

    const rest = (token: string, isPrivate: boolean, payload: object) =>
      fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ topic, event: "typing", payload, private: isPrivate }] }),
      });
    expect((await rest(bob.accessToken, true, { who: "bob, no write access" })).status).toBe(202);
    expect((await rest(alice.accessToken, true, { who: "alice over REST" })).status).toBe(202);
    await waitFor(() => listenerGot.length === 2, "the REST broadcast");
    expect(listenerGot[1]!.payload).toEqual({ who: "alice over REST" });

    const invalid = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: SECRET_KEY, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ topic, payload: {} }] }),
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({ errors: { messages: [{ event: ["can't be blank"] }] } });
  });

  it("keeps a heartbeating socket open past the idle timeout", async () => {
    const beats: string[] = [];
    const client = createClient(stack.apiUrl, PUBLISHABLE_KEY, {
      accessToken: async () => alice.accessToken,
      realtime: { vsn, heartbeatIntervalMs: 250, heartbeatCallback: (status) => beats.push(status) },
    });
    clients.push(client);
    const topic = uniqueTopic("alive");
    const channel = client.channel(topic);
    const got = collect(channel, "e");
    await expectSubscribed(channel);
    // Twice the idle timeout, counted in answered heartbeats.
    const needed = Math.ceil((2 * IDLE_TIMEOUT_MS) / 250);
    await waitFor(() => beats.filter((b) => b === "ok").length >= needed, `${needed} answered heartbeats`);
    expect(beats).not.toContain("timeout");
    expect(client.realtime.isConnected()).toBe(true);
    await dbSend(topic, "e", { still: "here" }, false);
    await waitFor(() => got.length === 1, "a broadcast on the kept socket");
  });
});

describe("Realtime endpoint, below supabase-js", () => {
  it("drops a socket that stops sending (no heartbeat)", async () => {
    const wsUrl = `${stack.apiUrl.replace("http", "ws")}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=2.0.0`;
    const ws = new WebSocket(wsUrl);
    const frames: string[] = [];
    ws.on("message", (d: Buffer) => frames.push(d.toString()));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const opened = Date.now();
    ws.send(JSON.stringify(["1", "1", "realtime:rt-test:silent", "phx_join", { config: { private: false } }]));
    await waitFor(() => frames.length === 1, "the join reply");
    expect(JSON.parse(frames[0]!)).toEqual([
      "1",
      "1",
      "realtime:rt-test:silent",
      "phx_reply",
      { status: "ok", response: { postgres_changes: [] } },
    ]);
    // The server ends it (the client never closes): 1006, no close frame, as for a dead peer.
    expect(await closed).toBe(1006);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 100);
  });

  it("closes a channel when its token expires", async () => {
    const exp = Math.floor(Date.now() / 1000) + 6; // long enough to join on a loaded machine
    const shortLived = await new SignJWT({ role: "authenticated", sub: alice.id })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const channel = realtimeClient("2.0.0", { value: shortLived }).channel(uniqueTopic("expiry"));
    const system: Array<{ status: string; message: string }> = [];
    channel.on("system", {}, (m) => system.push(m as { status: string; message: string }));
    const statuses: string[] = [];
    await channel.socket.setAuth();
    channel.subscribe((status) => statuses.push(status));
    await waitFor(() => statuses.includes("SUBSCRIBED"), "the join");
    await waitFor(() => statuses.includes("CLOSED"), "the channel to close at exp", 20_000);
    expect(system).toEqual([
      expect.objectContaining({ status: "error", message: expect.stringMatching(/^Token has expired/) }),
    ]);
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp);
  });

  it("refuses a websocket without an apikey, with a bad one, or on an unknown serializer", async () => {
    const base = `${stack.apiUrl.replace("http", "ws")}/realtime/v1/websocket`;
    const statusOf = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on("error", () => {});
        ws.once("unexpected-response", (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        ws.once("open", () => {
          resolve(101);
          ws.close();
        });
      });
    expect(await statusOf(`${base}?vsn=2.0.0`)).toBe(401);
    expect(await statusOf(`${base}?vsn=2.0.0&apikey=nope`)).toBe(401);
    expect(await statusOf(`${base}?vsn=3.0.0&apikey=${PUBLISHABLE_KEY}`)).toBe(403);
    expect(await statusOf(`${base}?vsn=1.0.0&apikey=${PUBLISHABLE_KEY}`)).toBe(101);
  });
});

/** Sends until every collector has heard one (clients and listeners recover on their own schedule). */
async function sendUntilHeard(topic: string, collectors: Received[][], what: string): Promise<void> {
  let n = 0;
  const deadline = Date.now() + 30_000;
  while (!collectors.every((got) => got.length > 0)) {
    if (Date.now() > deadline) throw new Error(`${what}: nothing arrived within 30 s`);
    await dbSend(topic, "e", { n: ++n }, true);
    await waitFor(() => collectors.every((got) => got.length > 0), "a broadcast", 500).catch(() => {});
  }
}

describe("Realtime's LISTEN connection", () => {
  const onPostgres = Boolean(process.env.DATABASE_URL);
  if (!onPostgres) console.log("skipped on PGlite: its notifications need no LISTEN connection (set DATABASE_URL)");
  it.skipIf(!onPostgres)("is re-established when the database ends it", async () => {
    const topic = uniqueTopic("relisten");
    await grant(alice, topic);
    const channel = realtimeClient("2.0.0", { value: alice.accessToken }).channel(topic, {
      config: { private: true },
    });
    const got = collect(channel, "e");
    await expectSubscribed(channel);
    const ended = await withClient(stack.dbUrl, (c) =>
      c.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query = 'listen realtime_local_broadcast'`,
      ),
    );
    expect(ended.rowCount).toBe(1);
    await sendUntilHeard(topic, [got], "after the LISTEN connection was ended");
  });
});

describe("Realtime across a stack restart", () => {
  it("reconnects supabase-js clients (both serializers) and delivers again", async () => {
    const topic = uniqueTopic("restart");
    await grant(alice, topic);
    const received = VSNS.map((vsn) => {
      const channel = realtimeClient(vsn, { value: alice.accessToken }).channel(topic, {
        config: { private: true },
      });
      const got = collect(channel, "e");
      return { channel, got };
    });
    for (const { channel } of received) await expectSubscribed(channel);

    const apiPort = Number(new URL(stack.apiUrl).port);
    await stack.stop();
    stack = await startTestStack(apiPort);

    // The clients reconnect on their own schedule (1 s, 2 s, 5 s …).
    await sendUntilHeard(
      topic,
      received.map(({ got }) => got),
      "after the restart",
    );
    expect(stack.realtimeStats().channels).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
