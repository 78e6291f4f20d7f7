// Broadcast from the database: realtime.messages rows inserted by realtime.send() reach subscribers after commit.
// The base SQL's trigger NOTIFYs each committed broadcast row's id on `realtime_local_broadcast`; ids arriving
// together are read back in one query (the primary key serves `id = any(…)`) and published in arrival order.
// On PostgreSQL one LISTEN connection per stack, reconnecting after a loss; on PGlite the embedded database hands
// its notifications over (see start-stack.ts). This stands in for Realtime's logical replication of the table.
import pg from "pg";
import type { OutboundBroadcast } from "./frames.ts";

export const BROADCAST_CHANNEL = "realtime_local_broadcast";

type Row = {
  id: string;
  topic: string;
  event: string | null;
  private: boolean | null;
  payload: string | null;
  binary_payload: Buffer | null;
};

export type DatabaseBroadcasts = {
  /** An id notified on BROADCAST_CHANNEL (the embedded database calls this). */
  notified(id: string): void;
  close(): Promise<void>;
};

export async function startDatabaseBroadcasts(opts: {
  pool: pg.Pool;
  /** Set for PostgreSQL: LISTEN there. Unset for PGlite, whose notifications come through notified(). */
  listenUrl?: string;
  publish(isPrivate: boolean, b: OutboundBroadcast): void;
  log(line: string): void;
}): Promise<DatabaseBroadcasts> {
  let pending: string[] = [];
  let reading = false;
  let closed = false;

  async function readPending(): Promise<void> {
    reading = true;
    try {
      while (pending.length && !closed) {
        const ids = pending;
        pending = [];
        const r = await opts.pool.query<Row>(
          `select id, topic, event, private, payload::text as payload, binary_payload
           from realtime.messages where id = any($1::uuid[])`,
          [ids],
        );
        const byId = new Map(r.rows.map((row) => [row.id, row]));
        for (const id of ids) {
          const row = byId.get(id);
          if (!row || row.event === null) continue;
          opts.publish(row.private === true, {
            subTopic: row.topic,
            event: row.event,
            payload: row.binary_payload ? { binary: row.binary_payload } : { json: row.payload ?? "null" },
            meta: { id: row.id },
          });
        }
      }
    } catch (err) {
      opts.log(`realtime: reading broadcasts failed: ${(err as Error).message}`);
    } finally {
      reading = false;
    }
  }

  function notified(id: string): void {
    if (closed || !/^[0-9a-f-]{36}$/i.test(id)) return;
    pending.push(id);
    if (!reading) void readPending();
  }

  let listener: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  /** Resolves once LISTEN is in place (the first time, a failure rejects; later ones retry). */
  async function listen(delayMs: number, first = false): Promise<void> {
    if (closed || !opts.listenUrl) return;
    const client = new pg.Client({ connectionString: opts.listenUrl, connectionTimeoutMillis: 10_000 });
    const reconnect = () => {
      if (closed || listener !== client) return;
      listener = null;
      client.end().catch(() => {});
      const next = Math.min(delayMs * 2 || 100, 2_000);
      retry = setTimeout(() => void listen(next), next);
    };
    listener = client;
    client.on("notification", (n) => {
      if (n.channel === BROADCAST_CHANNEL && n.payload) notified(n.payload);
    });
    client.on("error", reconnect);
    client.on("end", reconnect);
    try {
      await client.connect();
      await client.query(`listen ${BROADCAST_CHANNEL}`);
      if (delayMs) opts.log("realtime: listening for database broadcasts again");
    } catch (err) {
      if (first) {
        listener = null;
        await client.end().catch(() => {});
        throw err;
      }
      reconnect();
    }
  }
  await listen(0, true);

  return {
    notified,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
    },
  };
}
