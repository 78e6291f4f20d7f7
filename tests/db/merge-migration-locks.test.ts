// The merge migration (supabase/migrations/20261120000000_unique_agency_user_conversation.sql) run while
// message inserts are in flight: no deadlock, no insert lost. Needs a real PostgreSQL server (DATABASE_URL):
// PGlite serves one connection, so nothing can be "in flight" next to the migration there.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBase, createThrowawayDatabase, type ThrowawayDatabase } from "local-supabase";

const serverUrl = process.env.DATABASE_URL || undefined;
const migrationsUrl = new URL("../../supabase/migrations/", import.meta.url);
const MERGE = "20261120000000_unique_agency_user_conversation.sql";
const INSERTS_BEFORE = 4;
const INSERTS_DURING = 4;

if (!serverUrl) {
  console.log(
    "merge-migration-locks: skipped, it needs a PostgreSQL server in DATABASE_URL (PGlite has one connection)",
  );
}

const ids = {
  customer: "d1000000-0000-4000-8000-000000000001",
  staff: "d1000000-0000-4000-8000-000000000002",
  agency: "d2000000-0000-4000-8000-000000000001",
  first: "d3000000-0000-4000-8000-000000000001",
  duplicate: "d3000000-0000-4000-8000-000000000002",
};

describe.skipIf(!serverUrl)("merge migration with message inserts in flight (PostgreSQL)", () => {
  let database: ThrowawayDatabase;
  const clients: pg.Client[] = [];

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: database.url });
    c.on("notice", () => {});
    await c.connect();
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!, "locks");
    await applyBase(database.url);
    const setup = await client();
    const earlier = readdirSync(migrationsUrl)
      .filter((name) => name.endsWith(".sql") && name < MERGE)
      .sort();
    for (const name of earlier) await setup.query(readFileSync(new URL(name, migrationsUrl), "utf8"));
    await setup.query(`
      insert into auth.users (id, email) values ('${ids.customer}', 'c@locks.test'), ('${ids.staff}', 's@locks.test');
      insert into public.agencies (id, name, slug) values ('${ids.agency}', 'Locks', 'locks');
      insert into public.agency_members (agency_id, user_id) values ('${ids.agency}', '${ids.staff}');
      -- Two inquiries of one customer to one agency: the migration has a merge to do.
      insert into public.conversations (id, context_type, context_id, created_by, created_at) values
        ('${ids.first}', 'agency_inquiry', '${ids.agency}', '${ids.customer}', now() - interval '1 day'),
        ('${ids.duplicate}', 'agency_inquiry', '${ids.agency}', '${ids.customer}', now());
      -- Test only: every message insert holds its lock on messages for a while before its AFTER trigger
      -- updates conversations, so the migration surely meets inserts in that state.
      create function public.slow_message_insert() returns trigger language plpgsql as
        $$ begin perform pg_sleep(0.4); return new; end $$;
      create trigger slow_message_insert before insert on public.messages
        for each row execute function public.slow_message_insert();
    `);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await database?.drop();
  });

  it("does not deadlock and loses no insert", async () => {
    // Inserts in flight go to both inquiries; those sent while the migration runs go to the one that survives
    // the merge (an insert into the merged-away one after the merge is refused by its foreign key, as it should).
    const insert = async (i: number, conversation = i % 2 === 0 ? ids.first : ids.duplicate) => {
      const c = await client();
      const sender = i % 3 === 0 ? ids.staff : ids.customer;
      await c.query("insert into public.messages (conversation_id, sender_id, body) values ($1, $2, $3)", [
        conversation,
        sender,
        `in flight #${i}`,
      ]);
    };
    const observer = await client();
    const migrator = await client();

    const before = Array.from({ length: INSERTS_BEFORE }, (_, i) => insert(i));
    // Wait until every insert holds its lock on messages (and sleeps in the trigger).
    for (;;) {
      const { rows } = await observer.query<{ n: string }>(
        `select count(*) as n from pg_locks
         where relation = 'public.messages'::regclass and mode = 'RowExclusiveLock' and granted and pid <> pg_backend_pid()`,
      );
      if (Number(rows[0]!.n) >= INSERTS_BEFORE) break;
    }

    const migration = migrator.query(`begin;\n${readFileSync(new URL(MERGE, migrationsUrl), "utf8")}\ncommit;`);
    // Wait until the migration waits for a lock, then send more inserts behind it.
    for (;;) {
      const { rows } = await observer.query<{ waiting: boolean }>(
        "select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1",
        [(migrator as unknown as { processID: number }).processID],
      );
      if (rows[0]?.waiting) break;
    }
    const during = Array.from({ length: INSERTS_DURING }, (_, i) => insert(INSERTS_BEFORE + i, ids.first));

    const outcomes = await Promise.allSettled([migration, ...before, ...during]);
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    expect(failures, "deadlocks or other failures").toEqual([]);

    const { rows } = await observer.query<{ body: string; conversation_id: string }>(
      "select body, conversation_id from public.messages where body like 'in flight #%'",
    );
    expect(rows.map((r) => r.body).sort()).toEqual(
      Array.from({ length: INSERTS_BEFORE + INSERTS_DURING }, (_, i) => `in flight #${i}`).sort(),
    );
    // Merged: the inserts that landed in the duplicate before the merge were moved to the first inquiry.
    const conversations = await observer.query("select id from public.conversations");
    expect(conversations.rows).toEqual([{ id: ids.first }]);
    expect(new Set(rows.map((r) => r.conversation_id))).toEqual(new Set([ids.first]));
  }, 60_000);
});
