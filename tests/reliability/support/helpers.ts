// HTTP and database helpers of the reliability suite. Every request goes to a loopback address.
import type pg from "pg";
import { createUser, withClient, type User } from "local-supabase";
import { expect, inject } from "vitest";
import { DIST_DIRS, startApp, type AppServer } from "../../../scripts/test-harness/production-app.ts";
import { createAgencies } from "../../../scripts/test-harness/agencies.ts";
import type { Figures } from "./figures.ts";

export type Answer = {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
  contentType: string;
  headers: Headers;
};

/** No HTTP answer at all (connection refused or reset, client-side timeout). */
export type NoAnswer = { status: 0; error: string };

export const ctx = () => inject("reliability");

/**
 * A `next start` of the suite's build on the suite's stack, apart from the shared app (whose logged 5xx the suite
 * reports): with `deadlineMs` as its Supabase deadline, else the production default.
 */
export function startOwnApp(opts: { deadlineMs?: number; port?: number } = {}): Promise<AppServer> {
  const env: Record<string, string> = { ...ctx().env };
  if (opts.deadlineMs !== undefined) env.SUPABASE_REQUEST_TIMEOUT_MS = String(opts.deadlineMs);
  return startApp({ distDir: DIST_DIRS.measured, env, port: opts.port });
}

export async function newUser(label: string): Promise<User> {
  return createUser(ctx().apiUrl, label);
}

export async function newAgency(): Promise<string> {
  const [id] = await createAgencies(ctx().dbUrl, 1, "rel");
  return id!;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(ctx().dbUrl, async (client) => (await client.query<T>(sql, params)).rows);
}

export async function rowCounts(): Promise<{ conversations: number; messages: number }> {
  const [row] = await query<{ c: string; m: string }>(
    "select (select count(*) from public.conversations) as c, (select count(*) from public.messages) as m",
  );
  return { conversations: Number(row!.c), messages: Number(row!.m) };
}

/** Rows of one (user, agency) pair: its conversations and every message in them. */
export async function pairRows(userId: string, agencyId: string) {
  const conversations = await query<{ id: string }>(
    "select id from public.conversations where context_type = 'agency_inquiry' and context_id = $1 and created_by = $2",
    [agencyId, userId],
  );
  const messages = await query<{ client_message_id: string; n: string }>(
    `select m.client_message_id, count(*) as n from public.messages m join public.conversations c on c.id = m.conversation_id
     where c.context_id = $1 and c.created_by = $2 group by m.client_message_id`,
    [agencyId, userId],
  );
  return { conversations, messages: new Map(messages.map((m) => [m.client_message_id, Number(m.n)])) };
}

export async function send(
  figures: Figures,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Answer | NoAnswer> {
  figures.requests++;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 60_000) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, contentType: res.headers.get("content-type") ?? "", headers: res.headers };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { status: 0, error: cause?.code ?? (err as Error).name };
  }
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, "content-type": "application/json", ...extra };
}

export function openBody(agencyId: string, text: string, clientMessageId: string = crypto.randomUUID()) {
  return {
    context_type: "agency_inquiry",
    context_id: agencyId,
    initial_message: text,
    client_message_id: clientMessageId,
  };
}

/** `{ error: { code, message } }` with string members. */
export function errorCode(answer: Answer | NoAnswer): string | undefined {
  if (!("json" in answer)) return undefined;
  const error = (answer.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof error?.code === "string" && typeof error.message === "string" ? error.code : undefined;
}

/** Runs `fn` over `items` with at most `concurrency` in flight (all at once when concurrency ≥ items.length). */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!, i);
    }),
  );
  return results;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const is2xx = (a: Answer | NoAnswer) => a.status >= 200 && a.status < 300;

/**
 * What a sender does with a failed send: send it again, same body and `client_message_id`, after a pause, until
 * every one has a 2xx or `rounds` rounds have passed. `check` sees every retry's answer. Returns the indexes that
 * never got a 2xx and the rounds it took.
 */
export async function resendUntilStored(opts: {
  firstPass: Array<Answer | NoAnswer>;
  post: (index: number) => Promise<Answer | NoAnswer>;
  inFlight: number;
  rounds: number;
  check: (answer: Answer | NoAnswer, index: number) => void;
}): Promise<{ retried: number; rounds: number; stillFailing: number[] }> {
  let pending = opts.firstPass.map((_, i) => i).filter((i) => !is2xx(opts.firstPass[i]!));
  const retried = pending.length;
  let rounds = 0;
  while (pending.length > 0 && rounds < opts.rounds) {
    rounds++;
    await sleep(rounds === 1 ? 500 : 2000);
    const again = await pool(pending, opts.inFlight, async (i) => ({ i, answer: await opts.post(i) }));
    again.forEach(({ i, answer }) => opts.check(answer, i));
    pending = again.filter(({ answer }) => !is2xx(answer)).map(({ i }) => i);
  }
  return { retried, rounds, stillFailing: pending };
}

/**
 * The end state every storm must leave: one conversation for the pair, and each of `ids` stored exactly once.
 * Adds what it finds lost or repeated to `figures` before it asserts.
 */
export async function expectStoredOnce(figures: Figures, pair: { userId: string; agencyId: string; ids: string[] }) {
  const rows = await pairRows(pair.userId, pair.agencyId);
  const lost = pair.ids.filter((id) => !rows.messages.has(id)).length;
  const duplicates =
    [...rows.messages.values()].reduce((s, n) => s + n - 1, 0) + Math.max(0, rows.conversations.length - 1);
  figures.rowsLost += lost;
  figures.duplicates += duplicates;
  expect(rows.conversations, "one conversation").toHaveLength(1);
  expect(lost, "messages lost").toBe(0);
  expect(duplicates, "duplicate rows").toBe(0);
  expect(rows.messages.size, "no message beyond those sent").toBe(pair.ids.length);
}
