// POST /realtime/v1/api/broadcast, Realtime's REST broadcast (what supabase-js's channel.send() uses before a
// channel is joined, and httpSend()): {messages: [{topic, event, payload, private?}]} answered 202 with no body.
// Public messages go out as they are; private ones only to topics the caller may write to (the write policy,
// checked once per topic), others are dropped silently, as Realtime does. Nothing is stored.
import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import { mapAuthorization } from "../gateway.ts";
import type { TopicHub } from "./topic-hub.ts";
import { canWriteBroadcast } from "./topic-policies.ts";
import type { TokenVerifier } from "./verify-token.ts";

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const CORS = { "Access-Control-Allow-Origin": "*" };

type Message = { topic: string; event: string; payload: Record<string, unknown>; private: boolean; id?: string };

function answer(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}),
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The messages, or the errors per message index in the shape of an Ecto changeset error map. */
function parseMessages(body: unknown): { messages: Message[] } | { errors: Record<string, unknown> } {
  const list = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list) || list.length === 0) return { errors: { messages: ["can't be blank"] } };
  const errors: Record<string, string[]>[] = [];
  const messages: Message[] = [];
  for (const item of list) {
    const m = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const e: Record<string, string[]> = {};
    if (typeof m.topic !== "string" || m.topic === "") e.topic = ["can't be blank"];
    if (typeof m.event !== "string" || m.event === "") e.event = ["can't be blank"];
    if (typeof m.payload !== "object" || m.payload === null || Array.isArray(m.payload)) e.payload = ["is invalid"];
    if (m.private !== undefined && typeof m.private !== "boolean") e.private = ["is invalid"];
    errors.push(e);
    if (Object.keys(e).length === 0)
      messages.push({
        topic: m.topic as string,
        event: m.event as string,
        payload: m.payload as Record<string, unknown>,
        private: m.private === true,
        ...(typeof m.id === "string" ? { id: m.id } : {}),
      });
  }
  if (errors.some((e) => Object.keys(e).length > 0)) return { errors: { messages: errors } };
  return { messages };
}

export async function handleBroadcastApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { hub: TopicHub; pool: pg.Pool; verify: TokenVerifier; log(line: string): void },
): Promise<void> {
  if (req.method !== "POST") return answer(res, 405, { message: "Method Not Allowed" });
  const authorization = mapAuthorization(req.headers);
  const token = authorization?.replace(/^bearer\s+/i, "");
  const verified = token ? await deps.verify(token) : null;
  if (!verified?.ok) return answer(res, 401, { message: verified ? verified.message : "Unauthorized" });

  const text = await readBody(req);
  if (text === null) return answer(res, 413, { message: "Payload too large" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return answer(res, 400, { message: "The request body is not valid JSON" });
  }
  const parsed = parseMessages(body);
  if ("errors" in parsed) return answer(res, 422, { errors: parsed.errors });

  const writable = new Map<string, boolean>();
  for (const m of parsed.messages) {
    if (m.private && !writable.has(m.topic)) {
      const context = { topic: m.topic, claims: verified.claims, headers: {} };
      const allowed = await canWriteBroadcast(deps.pool, context).catch((err: Error) => {
        deps.log(`realtime: write policy check failed: ${err.message}`);
        return false;
      });
      writable.set(m.topic, allowed);
    }
    if (m.private && !writable.get(m.topic)) continue;
    deps.hub.publish(m.private, {
      subTopic: m.topic,
      event: m.event,
      payload: { json: JSON.stringify(m.payload) },
      meta: m.id ? { id: m.id } : null,
    });
  }
  answer(res, 202);
}
