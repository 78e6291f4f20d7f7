// Who is subscribed to what: per-topic subscriber sets, public and private topics kept apart (as Realtime's
// tenant topics are). A broadcast is encoded once per serializer and written to every subscriber allowed to
// read broadcasts; authorisation happened at join or token refresh, never per message.
import { encodeBroadcast, type OutboundBroadcast, type Vsn } from "./frames.ts";

export type Subscriber = {
  vsn: Vsn;
  /** False for a private channel joined on presence read only: it receives no broadcasts. */
  canReadBroadcast: boolean;
  send(frame: string | Buffer): void;
};

export type RealtimeStats = {
  /** Open websockets. */
  sockets: number;
  /** Joined channels over all sockets. */
  channels: number;
  /** Broadcasts fanned out (from the database, the REST API or clients). */
  broadcasts: number;
  /** Frames written to subscribers for those broadcasts. */
  deliveries: number;
};

const key = (isPrivate: boolean, subTopic: string) => `${isPrivate ? "private" : "public"}:${subTopic}`;

export class TopicHub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  private channels = 0;
  private broadcasts = 0;
  private deliveries = 0;
  sockets = 0;

  add(isPrivate: boolean, subTopic: string, subscriber: Subscriber): void {
    const k = key(isPrivate, subTopic);
    let set = this.topics.get(k);
    if (!set) this.topics.set(k, (set = new Set()));
    if (!set.has(subscriber)) this.channels += 1;
    set.add(subscriber);
  }

  remove(isPrivate: boolean, subTopic: string, subscriber: Subscriber): void {
    const k = key(isPrivate, subTopic);
    const set = this.topics.get(k);
    if (!set?.delete(subscriber)) return;
    this.channels -= 1;
    if (set.size === 0) this.topics.delete(k);
  }

  /** Sends `b` to the topic's subscribers (but `except`, a sender that did not ask for its own broadcasts). */
  publish(isPrivate: boolean, b: OutboundBroadcast, except?: Subscriber): void {
    this.broadcasts += 1;
    const set = this.topics.get(key(isPrivate, b.subTopic));
    if (!set) return;
    const encoded = new Map<Vsn, string | Buffer | null>();
    for (const subscriber of set) {
      if (subscriber === except || !subscriber.canReadBroadcast) continue;
      let frame = encoded.get(subscriber.vsn);
      if (frame === undefined) encoded.set(subscriber.vsn, (frame = encodeBroadcast(subscriber.vsn, b)));
      if (frame === null) continue;
      subscriber.send(frame);
      this.deliveries += 1;
    }
  }

  stats(): RealtimeStats {
    return { sockets: this.sockets, channels: this.channels, broadcasts: this.broadcasts, deliveries: this.deliveries };
  }
}
