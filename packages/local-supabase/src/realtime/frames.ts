// Realtime's websocket frames (Phoenix channels) in both serializers supabase-js speaks:
//   vsn 1.0.0: JSON objects {topic, event, payload, ref[, join_ref]};
//   vsn 2.0.0: JSON arrays [join_ref, ref, topic, event, payload], plus Realtime's binary broadcast frames:
//     kind 3 (client → server, "user broadcast push"): kind, join_ref/ref/topic/event/metadata sizes, encoding,
//       then those strings and the user payload;
//     kind 4 (server → client, "user broadcast"): kind, topic/event/metadata sizes, encoding, strings, payload.
export type Vsn = "1.0.0" | "2.0.0";
export const SUPPORTED_VSNS: readonly Vsn[] = ["1.0.0", "2.0.0"];

export type InboundMessage = {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
};

/** A broadcast as it travels to subscribers: the user payload stays encoded (JSON text or raw bytes). */
export type OutboundBroadcast = {
  /** The channel topic without the `realtime:` prefix. */
  subTopic: string;
  event: string;
  payload: { json: string } | { binary: Buffer };
  /** `{"id": …}` for broadcasts from the database, as Realtime sends it. */
  meta: Record<string, unknown> | null;
};

/** A user payload that arrived still encoded (in a kind-3 frame): JSON text or raw bytes. */
export class EncodedPayload {
  readonly value: { json: string } | { binary: Buffer };
  constructor(value: { json: string } | { binary: Buffer }) {
    this.value = value;
  }
}

/** The payload of a decoded kind-3 frame: Realtime treats it as a `broadcast` event. */
export type BinaryBroadcastPush = { type: "broadcast"; event: string; payload: EncodedPayload };

export class FrameError extends Error {}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const BINARY_ENCODING = 0;
const JSON_ENCODING = 1;

const asRef = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function decodeFrame(vsn: Vsn, data: Buffer, isBinary: boolean): InboundMessage {
  if (isBinary) {
    if (vsn !== "2.0.0") throw new FrameError("binary frames need vsn 2.0.0");
    return decodeUserBroadcastPush(data);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString("utf8"));
  } catch {
    throw new FrameError("frame is not JSON");
  }
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length < 5 || typeof parsed[2] !== "string" || typeof parsed[3] !== "string")
      throw new FrameError("expected a V2 array [join_ref, ref, topic, event, payload]");
    return { joinRef: asRef(parsed[0]), ref: asRef(parsed[1]), topic: parsed[2], event: parsed[3], payload: parsed[4] };
  }
  const m = parsed as Record<string, unknown> | null;
  if (!m || typeof m !== "object" || typeof m.topic !== "string" || typeof m.event !== "string")
    throw new FrameError("expected a V1 object {topic, event, payload, ref}");
  return { joinRef: asRef(m.join_ref), ref: asRef(m.ref), topic: m.topic, event: m.event, payload: m.payload };
}

function decodeUserBroadcastPush(data: Buffer): InboundMessage {
  if (data.length < 7 || data[0] !== USER_BROADCAST_PUSH) throw new FrameError("unknown binary frame");
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6];
  let offset = 7;
  const take = (size: number) => {
    if (offset + size > data.length) throw new FrameError("truncated binary frame");
    const s = data.subarray(offset, offset + size).toString("utf8");
    offset += size;
    return s;
  };
  const [joinRef, ref, topic, userEvent] = sizes.slice(0, 4).map(take) as [string, string, string, string];
  take(sizes[4]!); // metadata: only `persist`, which has no meaning here
  const body = data.subarray(offset);
  let payload: EncodedPayload;
  if (encoding === JSON_ENCODING) {
    const json = body.toString("utf8");
    try {
      JSON.parse(json);
    } catch {
      throw new FrameError("broadcast payload is not JSON");
    }
    payload = new EncodedPayload({ json });
  } else if (encoding === BINARY_ENCODING) {
    payload = new EncodedPayload({ binary: Buffer.from(body) });
  } else throw new FrameError("unknown payload encoding");
  const push: BinaryBroadcastPush = { type: "broadcast", event: userEvent, payload };
  return { joinRef: joinRef || null, ref: ref || null, topic, event: "broadcast", payload: push };
}

/** A server push or reply. */
export function encodeMessage(
  vsn: Vsn,
  msg: { joinRef: string | null; ref: string | null; topic: string; event: string; payload: unknown },
): string {
  if (vsn === "2.0.0") return JSON.stringify([msg.joinRef, msg.ref, msg.topic, msg.event, msg.payload]);
  // Phoenix's V1 serializer writes these four fields only.
  return JSON.stringify({ topic: msg.topic, event: msg.event, payload: msg.payload, ref: msg.ref });
}

export function encodeReply(
  vsn: Vsn,
  to: { joinRef: string | null; ref: string | null; topic: string },
  status: "ok" | "error",
  response: Record<string, unknown>,
): string {
  return encodeMessage(vsn, { ...to, event: "phx_reply", payload: { status, response } });
}

/**
 * A broadcast as subscribers on `vsn` receive it, or null when that serializer cannot carry it (V1 has no binary
 * payloads; Realtime drops those for V1 sockets too).
 */
export function encodeBroadcast(vsn: Vsn, b: OutboundBroadcast): string | Buffer | null {
  const topic = `realtime:${b.subTopic}`;
  if (vsn === "1.0.0") {
    if (!("json" in b.payload)) return null;
    const meta = b.meta ? `,"meta":${JSON.stringify(b.meta)}` : "";
    return (
      `{"topic":${JSON.stringify(topic)},"event":"broadcast","payload":{"event":${JSON.stringify(b.event)},` +
      `"payload":${b.payload.json},"type":"broadcast"${meta}},"ref":null}`
    );
  }
  const topicBytes = Buffer.from(topic, "utf8");
  const eventBytes = Buffer.from(b.event, "utf8");
  const metaBytes = Buffer.from(b.meta ? JSON.stringify(b.meta) : "", "utf8");
  if (topicBytes.length > 255 || eventBytes.length > 255 || metaBytes.length > 255) return null;
  const body = "json" in b.payload ? Buffer.from(b.payload.json, "utf8") : b.payload.binary;
  const header = Buffer.from([
    USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metaBytes.length,
    "json" in b.payload ? JSON_ENCODING : BINARY_ENCODING,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, metaBytes, body]);
}
