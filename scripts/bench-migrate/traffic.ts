// Sends and reads while a migration is deployed: the SQL PostgREST runs for the app's requests (role
// authenticated, the caller's JWT claims, one transaction per request, an 8 s statement_timeout like the app's
// deadline), each worker on its own connection. Every request's wall time is recorded; a send that fails is
// retried with the same client_message_id (at most 3 times), as the app's outbox does, and every send that was
// answered must be in the database afterwards.
import pg from "pg";
import { md5Uuid } from "../scale/scale-data.ts";

export type TrafficReport = {
  sends: number;
  reads: number;
  longestSendMs: number;
  longestReadMs: number;
  failures: string[];
  /** client_message_ids of the sends that were answered. */
  acknowledged: string[];
};

export const benchConversation = (agency: number, customer: number) =>
  md5Uuid(`bench:conversation:${agency}:${customer}`);
const benchCustomer = (n: number) => md5Uuid(`bench:customer:${n}`);

function asUser(user: string, sql: string): string {
  const claims = JSON.stringify({ sub: user, role: "authenticated" });
  return `begin; set local statement_timeout = '8s'; set local role authenticated;
select set_config('request.jwt.claims', '${claims}', true); ${sql}; commit;`;
}

/** A worker per customer 1..senders that sends, and one per customer 1..readers that reads, until stop(). */
export function startTraffic(url: string, options: { senders: number; readers: number }) {
  const report: TrafficReport = {
    sends: 0,
    reads: 0,
    longestSendMs: 0,
    longestReadMs: 0,
    failures: [],
    acknowledged: [],
  };
  let stopping = false;
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    client.on("notice", () => {});
    client.on("error", () => {});
    await client.connect();
    clients.push(client);
    return client;
  }

  async function timed(client: pg.Client, sql: string): Promise<{ ms: number; error?: string }> {
    const started = performance.now();
    try {
      await client.query(sql);
      return { ms: performance.now() - started };
    } catch (error) {
      await client.query("rollback").catch(() => {});
      return { ms: performance.now() - started, error: (error as Error).message };
    }
  }

  async function sender(n: number) {
    const client = await connect();
    const customer = benchCustomer(n);
    const conversation = benchConversation(1, n);
    for (let i = 0; !stopping; i++) {
      const key = crypto.randomUUID();
      const insert = asUser(
        customer,
        `insert into public.messages (conversation_id, body, client_message_id)
         values ('${conversation}', 'Bench send ${i} of customer ${n}', '${key}')`,
      );
      for (let attempt = 1; attempt <= 3; attempt++) {
        const { ms, error } = await timed(client, insert);
        report.sends += 1;
        report.longestSendMs = Math.max(report.longestSendMs, ms);
        // A retry that meets its own earlier insert (the unique index exists by then) is answered.
        if (!error || /messages_sender_client_message_id_key/.test(error)) {
          report.acknowledged.push(key);
          break;
        }
        report.failures.push(`send (attempt ${attempt}): ${error}`);
      }
    }
  }

  async function reader(n: number) {
    const client = await connect();
    const customer = benchCustomer(n);
    const thread = asUser(
      customer,
      `select c.id, (select json_agg(m) from (select m.id, m.body, m.created_at from public.messages m
         where m.conversation_id = c.id order by m.created_at desc, m.id desc limit 50) m) as messages
       from public.conversations c where c.id = '${benchConversation(1 + (n % 10), n)}'`,
    );
    const inbox = asUser(
      customer,
      `select c.id, (select m.body from public.messages m where m.conversation_id = c.id
         order by m.created_at desc limit 1) as newest
       from public.conversations c where c.created_by = '${customer}'
       order by c.last_message_at desc nulls last, c.created_at desc limit 21`,
    );
    for (let i = 0; !stopping; i++) {
      const { ms, error } = await timed(client, i % 2 === 0 ? thread : inbox);
      report.reads += 1;
      report.longestReadMs = Math.max(report.longestReadMs, ms);
      if (error) report.failures.push(`read: ${error}`);
    }
  }

  const workers = [
    ...Array.from({ length: options.senders }, (_, i) => sender(i + 1)),
    ...Array.from({ length: options.readers }, (_, i) => reader(i + 1)),
  ];

  return {
    report,
    /** Resets the figures: what the warm-up measured does not count. */
    reset() {
      Object.assign(report, { sends: 0, reads: 0, longestSendMs: 0, longestReadMs: 0, failures: [] });
    },
    async stop(): Promise<TrafficReport> {
      stopping = true;
      await Promise.allSettled(workers);
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      return report;
    },
  };
}
