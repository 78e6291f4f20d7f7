// A PostgreSQL wire-protocol front for PGlite: serves one embedded PGlite database on a TCP port so that
// PostgREST, the Supabase CLI and pg clients can connect to it as to a PostgreSQL server.
import { mkdir } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Database, NotificationHandler } from "./database.ts";
import { assertPortFree } from "./ports.ts";

// ---------------------------------------------------------------------------------------------------------
// Embedded PGlite over TCP.
//
// Why not PGLiteSocketServer as is: @electric-sql/pglite-socket 0.2.17 defaults to maxConnections = 1 (a
// second client — PostgREST next to the auth server's pg Pool — gets "Too many connections"), and with more
// connections it queues *single protocol messages*: outside an explicit transaction block, client B's Parse
// can run between client A's Parse and Bind, so A binds B's unnamed statement. PGlite has one backend
// session, so the server below hands the session to one connection at a time, from its first message until
// the backend answers ReadyForQuery with status Idle (so a whole Parse/Bind/Execute/Sync sequence, and a whole
// BEGIN…COMMIT, run without interleaving). It also forgets a closed connection's named prepared statements
// and rolls back its open transaction, so a client reconnecting later does not collide with its own leftovers.
// ---------------------------------------------------------------------------------------------------------

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** Hands PGlite's single session to one connection at a time (FIFO). */
class SessionGate {
  owner: object | null = null;
  private waiters: Array<() => void> = [];

  async acquire(who: object): Promise<void> {
    while (this.owner !== null && this.owner !== who) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
    this.owner = who;
  }

  release(who: object): void {
    if (this.owner !== who) return;
    this.owner = null;
    this.waiters.shift()?.();
  }
}

function cstring(buf: Buffer, offset: number): string {
  const end = buf.indexOf(0, offset);
  return buf.toString("utf8", offset, end < 0 ? buf.length : end);
}

/**
 * Scans a complete backend output: the status byte of its last ReadyForQuery ('Z', null if none) and the
 * NOTIFY messages ('A') in it.
 */
function scanOutput(out: Buffer, onNotification: NotificationHandler | null): string | null {
  let status: string | null = null;
  let i = 0;
  while (i + 5 <= out.length) {
    const type = out[i];
    const len = out.readInt32BE(i + 1);
    if (type === 0x5a && len === 5 && i + 5 < out.length) status = String.fromCharCode(out[i + 5]!);
    if (type === 0x41 && onNotification && i + 1 + len <= out.length) {
      const channel = cstring(out, i + 9);
      const payload = cstring(out, i + 9 + Buffer.byteLength(channel) + 1);
      try {
        onNotification(channel, payload);
      } catch {
        // a handler error must not break the connection
      }
    }
    i += 1 + len;
  }
  return status;
}

function closeStatementMessage(name: string): Buffer {
  const n = Buffer.from(name + "\0", "utf8");
  const m = Buffer.alloc(1 + 4 + 1 + n.length);
  m.write("C", 0);
  m.writeInt32BE(4 + 1 + n.length, 1);
  m.write("S", 5);
  n.copy(m, 6);
  return m;
}
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

class PgliteConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();
  private statements = new Set<string>();
  private closed = false;
  private readonly db: PGlite;
  private readonly gate: SessionGate;
  private readonly socket: Socket;
  private readonly onGone: (c: PgliteConnection) => void;
  private readonly notify: () => NotificationHandler | null;

  constructor(
    db: PGlite,
    gate: SessionGate,
    socket: Socket,
    onGone: (c: PgliteConnection) => void,
    notify: () => NotificationHandler | null,
  ) {
    this.notify = notify;
    this.db = db;
    this.gate = gate;
    this.socket = socket;
    this.onGone = onGone;
    socket.setNoDelay(true);
    socket.on("data", (d) => this.onData(d));
    socket.on("error", () => this.close());
    socket.on("close", () => this.close());
  }

  private onData(data: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const len = this.buffer.readInt32BE(0);
        if (this.buffer.length < len) return;
        const code = this.buffer.readInt32BE(4);
        const msg = this.buffer.subarray(0, len);
        this.buffer = this.buffer.subarray(len);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write("N");
        } else if (code === CANCEL_REQUEST) {
          this.socket.end(); // PGlite has no backend to cancel
          return;
        } else if (code === PROTOCOL_3) {
          this.started = true;
          this.schedule([Buffer.from(msg)], true);
        } else {
          this.socket.destroy();
          return;
        }
        continue;
      }
      if (this.buffer.length < 5) return;
      const len = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < len) return;
      const msg = Buffer.from(this.buffer.subarray(0, len));
      this.buffer = this.buffer.subarray(len);
      const type = String.fromCharCode(msg[0]!);
      if (type === "X") {
        this.socket.end();
        this.close();
        return;
      }
      if (type === "P") {
        const name = cstring(msg, 5);
        if (name) this.statements.add(name);
      } else if (type === "C" && msg[5] === 0x53) {
        this.statements.delete(cstring(msg, 6));
      }
      this.pending.push(msg);
      // Sync, simple Query, Flush, password, copy done/fail: the client now waits for an answer.
      if ("SQHpcf".includes(type)) {
        const batch = this.pending;
        this.pending = [];
        this.schedule(batch, false);
      }
    }
  }

  private schedule(batch: Buffer[], startup: boolean): void {
    this.chain = this.chain
      .then(() => this.run(Buffer.concat(batch), startup))
      .catch((err) => {
        this.socket.destroy(err instanceof Error ? err : undefined);
        this.close();
      });
  }

  private async run(message: Buffer, startup: boolean): Promise<void> {
    if (this.closed) return;
    await this.gate.acquire(this);
    if (this.closed) {
      await this.cleanup();
      return;
    }
    const chunks: Buffer[] = [];
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (data: Uint8Array) => {
          chunks.push(Buffer.from(data));
        },
      }),
    );
    const out = Buffer.concat(chunks);
    if (out.length && this.socket.writable) this.socket.write(out);
    // Keep the session while the client is mid-sequence (no ReadyForQuery yet) or inside a transaction.
    const status = scanOutput(out, this.notify());
    if ((startup || status === "I") && !this.db.isInTransaction()) this.gate.release(this);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onGone(this);
    this.chain = this.chain.then(() => this.cleanup()).catch(() => {});
  }

  /** Runs once the connection is gone: give the session back clean. */
  private async cleanup(): Promise<void> {
    if (this.gate.owner !== this && this.statements.size === 0) return;
    await this.gate.acquire(this);
    try {
      const closes = [...this.statements].map(closeStatementMessage);
      this.statements.clear();
      await this.db.runExclusive(() => this.db.execProtocolRaw(new Uint8Array(Buffer.concat([...closes, SYNC]))));
      if (this.db.isInTransaction()) await this.db.exec("rollback");
    } catch {
      // the database may already be closed
    } finally {
      this.gate.release(this);
    }
  }

  get idle(): Promise<void> {
    return this.chain;
  }

  destroy(): void {
    this.socket.destroy();
    this.close();
  }
}

export type EmbeddedOptions = {
  /** Folder for PGlite's data (created if missing), or "memory://" for a throwaway in-memory database. */
  dataDir: string;
  host?: string;
  /** 0 = any free port. */
  port: number;
  log?: (line: string) => void;
};

/** Opens (or creates) the PGlite database and serves it on host:port over the Postgres wire protocol. */
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<Database> {
  const host = opts.host ?? "127.0.0.1";
  if (opts.port) await assertPortFree(opts.port, host, "database");
  const [{ PGlite }, { pgcrypto }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pgcrypto"),
  ]);
  let dataDir = opts.dataDir;
  if (!dataDir.startsWith("memory://")) {
    dataDir = resolve(dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  const db = await PGlite.create({ dataDir, extensions: { pgcrypto } });
  await db.exec("listen pgrst; listen realtime_local_broadcast");
  const gate = new SessionGate();
  const connections = new Set<PgliteConnection>();
  let handler: NotificationHandler | null = null;
  const server: Server = createServer((socket) => {
    connections.add(
      new PgliteConnection(
        db,
        gate,
        socket,
        (c) => connections.delete(c),
        () => handler,
      ),
    );
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen({ port: opts.port, host, exclusive: true }, () => {
        server.off("error", fail);
        ok();
      });
    });
  } catch (err) {
    await db.close().catch(() => {});
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") await assertPortFree(opts.port, host, "database");
    throw err;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  let closing: Promise<void> | null = null;
  return {
    kind: "pglite",
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    host,
    port,
    setNotificationHandler: (h) => {
      handler = h;
    },
    close: () =>
      (closing ??= (async () => {
        const serverClosed = new Promise<void>((r) => server.close(() => r()));
        const all = [...connections];
        for (const c of all) c.destroy();
        await Promise.all(all.map((c) => c.idle.catch(() => {})));
        await serverClosed;
        await db.close();
      })()),
  };
}
