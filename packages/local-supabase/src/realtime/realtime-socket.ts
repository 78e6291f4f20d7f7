// One client websocket of the Realtime endpoint: Phoenix channel messages as supabase-js sends them
// (phx_join, phx_leave, access_token, broadcast, heartbeat on "phoenix"), replies and errors in Realtime's shape.
// Messages of one socket are handled one after another, as Phoenix does.
// Presence is refused (an error reply to `presence`), Postgres Changes are refused at join.
import type pg from "pg";
import type { WebSocket } from "ws";
import {
  decodeFrame,
  encodeMessage,
  encodeReply,
  EncodedPayload,
  FrameError,
  type InboundMessage,
  type OutboundBroadcast,
  type Vsn,
} from "./frames.ts";
import type { Subscriber, TopicHub } from "./topic-hub.ts";
import {
  canWriteBroadcast,
  PolicyCheckError,
  readPolicies,
  type AuthorizationContext,
  type ReadPolicies,
} from "./topic-policies.ts";
import type { TokenVerifier } from "./verify-token.ts";

export type SocketDeps = {
  hub: TopicHub;
  pool: pg.Pool;
  verify: TokenVerifier;
  /** A socket that sends nothing (not even a heartbeat) for this long is closed. */
  idleTimeoutMs: number;
  log(line: string): void;
};

type Channel = {
  topic: string;
  subTopic: string;
  joinRef: string | null;
  isPrivate: boolean;
  presenceEnabled: boolean;
  ackBroadcast: boolean;
  selfBroadcast: boolean;
  accessToken: string;
  context: AuthorizationContext;
  policies: ReadPolicies | null;
  /** Write policy, evaluated at the first broadcast the client sends and again after a token refresh. */
  canWrite: boolean | null;
  subscriber: Subscriber;
  expiryTimer: NodeJS.Timeout | null;
};

type JoinRefusal = { reason: string };

const TOPIC_PREFIX = "realtime:";
const MAX_TIMER_MS = 2 ** 31 - 1;
const unauthorized = (subTopic: string) => `You do not have permissions to read from this Channel topic: ${subTopic}`;
const DATABASE_UNAVAILABLE = "Realtime was unable to connect to the project database";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Realtime's FlexibleBoolean: true, "true" (any case) and the like. */
const flag = (v: unknown): boolean => v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");

export class RealtimeSocket {
  private readonly channels = new Map<string, Channel>();
  private queue: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly ws: WebSocket;
  private readonly vsn: Vsn;
  /** The socket's apikey as a JWT: the token of joins that bring none (or an `sb_` key). */
  private readonly socketToken: string;
  private readonly headers: Record<string, string>;
  private readonly deps: SocketDeps;

  constructor(ws: WebSocket, vsn: Vsn, socketToken: string, headers: Record<string, string>, deps: SocketDeps) {
    this.ws = ws;
    this.vsn = vsn;
    this.socketToken = socketToken;
    this.headers = headers;
    this.deps = deps;
    deps.hub.sockets += 1;
    this.touch();
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      this.touch();
      let msg: InboundMessage;
      try {
        msg = decodeFrame(vsn, data, isBinary);
      } catch (err) {
        if (!(err instanceof FrameError)) throw err;
        deps.log(`realtime: closing a socket that sent a bad frame: ${err.message}`);
        ws.close(1007, err.message);
        return;
      }
      this.queue = this.queue.then(() => this.handle(msg)).catch((e: Error) => deps.log(`realtime: ${e.message}`));
    });
    ws.on("close", () => this.teardown());
    ws.on("error", () => ws.terminate());
  }

  private touch(): void {
    if (this.idleTimer) this.idleTimer.refresh();
    else
      this.idleTimer = setTimeout(() => {
        this.deps.log("realtime: dropping a socket silent for longer than the heartbeat timeout");
        this.ws.terminate();
      }, this.deps.idleTimeoutMs);
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const channel of this.channels.values()) this.drop(channel);
    this.deps.hub.sockets -= 1;
  }

  private sendFrame(frame: string | Buffer): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  private reply(msg: InboundMessage, status: "ok" | "error", response: Record<string, unknown>): void {
    this.sendFrame(encodeReply(this.vsn, msg, status, response));
  }

  private push(channel: Channel, event: string, payload: unknown, ref: string | null = null): void {
    this.sendFrame(encodeMessage(this.vsn, { joinRef: channel.joinRef, ref, topic: channel.topic, event, payload }));
  }

  private drop(channel: Channel): void {
    this.deps.hub.remove(channel.isPrivate, channel.subTopic, channel.subscriber);
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  /** Realtime's shutdown_response: a `system` error, then the channel closes (phx_close). */
  private shutdown(channel: Channel, message: string): void {
    this.push(channel, "system", { extension: "system", status: "error", message, channel: channel.subTopic });
    this.drop(channel);
    this.push(channel, "phx_close", {}, channel.joinRef);
  }

  private async handle(msg: InboundMessage): Promise<void> {
    if (this.closed) return;
    if (msg.topic === "phoenix") {
      if (msg.event === "heartbeat") this.reply(msg, "ok", {});
      return;
    }
    if (msg.event === "phx_join") return this.join(msg);
    const channel = this.channels.get(msg.topic);
    if (!channel) {
      if (msg.event === "phx_leave") this.reply(msg, "ok", {});
      else this.reply({ ...msg, joinRef: null }, "error", { reason: "unmatched topic" });
      return;
    }
    switch (msg.event) {
      case "phx_leave":
        this.drop(channel);
        this.reply(msg, "ok", {});
        return;
      case "access_token":
        return this.refreshToken(channel, msg.payload);
      case "broadcast":
        return this.clientBroadcast(channel, msg);
      case "presence":
        this.reply(msg, "error", { reason: "Presence is not available on the local stack's Realtime" });
        return;
      default:
        return; // Realtime ignores other events from clients
    }
  }

  private async join(msg: InboundMessage): Promise<void> {
    if (msg.topic === TOPIC_PREFIX) {
      this.reply(msg, "error", { reason: "TopicNameRequired: You must provide a topic name" });
      return;
    }
    if (!msg.topic.startsWith(TOPIC_PREFIX)) {
      this.reply(msg, "error", { reason: "unmatched topic" });
      return;
    }
    const previous = this.channels.get(msg.topic);
    if (previous) {
      // Phoenix closes a channel joined again on the same socket.
      this.drop(previous);
      this.push(previous, "phx_close", {}, previous.joinRef);
    }
    const payload = isRecord(msg.payload) ? msg.payload : {};
    const config = isRecord(payload.config) ? payload.config : {};
    const broadcast = isRecord(config.broadcast) ? config.broadcast : {};
    const presence = isRecord(config.presence) ? config.presence : {};
    if (Array.isArray(config.postgres_changes) && config.postgres_changes.length > 0) {
      this.reply(msg, "error", {
        reason: "PostgresChangesNotAvailable: the local stack's Realtime serves Broadcast only",
      });
      return;
    }
    const subTopic = msg.topic.slice(TOPIC_PREFIX.length);
    const channel: Channel = {
      topic: msg.topic,
      subTopic,
      joinRef: msg.joinRef ?? msg.ref,
      isPrivate: flag(config.private),
      presenceEnabled: flag(presence.enabled),
      ackBroadcast: flag(broadcast.ack),
      selfBroadcast: flag(broadcast.self),
      accessToken: this.joinToken(payload),
      context: { topic: subTopic, claims: { role: "anon" }, headers: this.headers },
      policies: null,
      canWrite: null,
      subscriber: { vsn: this.vsn, canReadBroadcast: true, send: (f) => this.sendFrame(f) },
      expiryTimer: null,
    };
    const refusal = await this.authorize(channel);
    if (refusal) {
      this.reply(msg, "error", refusal);
      return;
    }
    if (this.closed) return;
    this.channels.set(channel.topic, channel);
    this.reply(msg, "ok", { postgres_changes: [] });
    this.deps.hub.add(channel.isPrivate, subTopic, channel.subscriber);
  }

  private joinToken(payload: Record<string, unknown>): string {
    const token = payload.access_token ?? payload.user_token;
    return typeof token === "string" && token !== "" && !token.startsWith("sb_") ? token : this.socketToken;
  }

  /** Checks the channel's token and, for a private channel, its read policies; null when the join may go on. */
  private async authorize(channel: Channel): Promise<JoinRefusal | null> {
    const verified = await this.deps.verify(channel.accessToken);
    if (!verified.ok) return { reason: `${verified.code}: ${verified.message}` };
    channel.context = { ...channel.context, claims: verified.claims };
    this.scheduleExpiry(channel, verified.claims.exp!);
    if (!channel.isPrivate) return null;
    try {
      channel.policies = await readPolicies(this.deps.pool, channel.context, { presence: channel.presenceEnabled });
    } catch (err) {
      if (err instanceof PolicyCheckError) {
        this.deps.log(`realtime: RlsPolicyError: ${err.message}`);
        return { reason: `Unauthorized: ${unauthorized(channel.subTopic)}` };
      }
      this.deps.log(`realtime: ${(err as Error).message}`);
      return { reason: `UnableToConnectToProject: ${DATABASE_UNAVAILABLE}` };
    }
    if (!channel.policies.broadcast && !channel.policies.presence)
      return { reason: `Unauthorized: ${unauthorized(channel.subTopic)}` };
    channel.subscriber.canReadBroadcast = channel.policies.broadcast;
    return null;
  }

  private scheduleExpiry(channel: Channel, exp: number): void {
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    const ms = Math.min(Math.max(exp * 1000 - Date.now(), 0), MAX_TIMER_MS);
    channel.expiryTimer = setTimeout(() => {
      this.queue = this.queue.then(() => {
        if (this.channels.get(channel.topic) === channel) this.shutdown(channel, "Token has expired 0 seconds ago");
      });
    }, ms);
    channel.expiryTimer.unref();
  }

  private async refreshToken(channel: Channel, payload: unknown): Promise<void> {
    const token = isRecord(payload) ? payload.access_token : undefined;
    if (typeof token !== "string" || token.startsWith("sb_") || token === channel.accessToken) return;
    const previous = channel.policies;
    channel.accessToken = token;
    channel.policies = null;
    channel.canWrite = null;
    const refusal = await this.authorize(channel);
    if (refusal) {
      // Realtime names the reason without its code here.
      this.shutdown(channel, refusal.reason.replace(/^(Unauthorized|InvalidJWTToken|MalformedJWT): /, ""));
      return;
    }
    const current = channel.policies as ReadPolicies | null; // set by authorize()
    if (previous?.broadcast && current && !current.broadcast)
      this.shutdown(channel, `You no longer have permission to read from this Channel topic: ${channel.subTopic}`);
  }

  private async clientBroadcast(channel: Channel, msg: InboundMessage): Promise<void> {
    const outbound = toOutbound(channel.subTopic, msg.payload);
    if (!outbound) return;
    if (channel.isPrivate) {
      if (channel.canWrite === null) {
        try {
          channel.canWrite = await canWriteBroadcast(this.deps.pool, channel.context);
        } catch (err) {
          this.deps.log(`realtime: write policy check failed: ${(err as Error).message}`);
          return;
        }
      }
      if (!channel.canWrite) return;
    }
    this.deps.hub.publish(channel.isPrivate, outbound, channel.selfBroadcast ? undefined : channel.subscriber);
    if (channel.ackBroadcast) this.reply(msg, "ok", {});
  }
}

function toOutbound(subTopic: string, payload: unknown): OutboundBroadcast | null {
  if (!isRecord(payload) || typeof payload.event !== "string") return null;
  const inner = payload.payload;
  if (inner instanceof EncodedPayload) return { subTopic, event: payload.event, payload: inner.value, meta: null };
  return { subTopic, event: payload.event, payload: { json: JSON.stringify(inner ?? {}) }, meta: null };
}
