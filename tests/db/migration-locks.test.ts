// Migrations that lock messages and conversations, run while message inserts are in flight: no deadlock, no
// insert lost. A message insert holds messages and then, in its triggers, needs conversations; a migration that
// takes them in the opposite order deadlocks with it. The migration is applied as in a deploy, by the real
// Supabase CLI (`supabase migration up --db-url`), which sends a file as one transaction. Needs a real PostgreSQL server (DATABASE_URL): PGlite
// serves one connection, so nothing can be "in flight" next to a migration there.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBase, cliDbUrl, createThrowawayDatabase, runSupabaseCli, type ThrowawayDatabase } from "local-supabase";

const serverUrl = process.env.DATABASE_URL || undefined;
const migrationsUrl = new URL("../../supabase/migrations/", import.meta.url);
const MERGE = "20261120000000_unique_agency_user_conversation.sql";
const SET_BASED_RLS = "20261128100000_set_based_rls.sql";
const INSERTS_BEFORE = 4;
const INSERTS_DURING = 4;
const WAIT_MS = 30_000;

if (!serverUrl) {
  console.log("migration-locks: skipped, it needs a PostgreSQL server in DATABASE_URL (PGlite has one connection)");
}

const ids = {
  customer: "d1000000-0000-4000-8000-000000000001",
  staff: "d1000000-0000-4000-8000-000000000002",
  agency: "d2000000-0000-4000-8000-000000000001",
  first: "d3000000-0000-4000-8000-000000000001",
  duplicate: "d3000000-0000-4000-8000-000000000002",
};

/** Polls `check` every 20 ms until it holds; fails with `what` after WAIT_MS. */
async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A database migrated up to (not including) `migration`, with a customer, an agency with one staff member and
 * the given inquiries, and a test-only trigger that makes every message insert hold its lock on messages for 3 s
 * before its AFTER trigger updates conversations, so the migration (the CLI takes a moment to start) surely meets
 * inserts in that state.
 */
function migrationUnderLoad(migration: string, inquiries: { id: string; daysAgo: number }[]) {
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
      .filter((name) => name.endsWith(".sql") && name < migration)
      .sort();
    for (const name of earlier) await setup.query(readFileSync(new URL(name, migrationsUrl), "utf8"));
    const values = inquiries
      .map(
        (q) =>
          `('${q.id}', 'agency_inquiry', '${ids.agency}', '${ids.customer}', now() - interval '${q.daysAgo} days')`,
      )
      .join(", ");
    await setup.query(`
      insert into auth.users (id, email) values ('${ids.customer}', 'c@locks.test'), ('${ids.staff}', 's@locks.test');
      insert into public.agencies (id, name, slug) values ('${ids.agency}', 'Locks', 'locks');
      insert into public.agency_members (agency_id, user_id) values ('${ids.agency}', '${ids.staff}');
      insert into public.conversations (id, context_type, context_id, created_by, created_at) values ${values};
      create function public.slow_message_insert() returns trigger language plpgsql as
        $$ begin perform pg_sleep(3); return new; end $$;
      create trigger slow_message_insert before insert on public.messages
        for each row execute function public.slow_message_insert();
    `);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await database?.drop();
  });

  /** `supabase migration up` with a project whose only pending migration is `migration`. */
  function deploy(): Promise<string> {
    const workdir = mkdtempSync(join(tmpdir(), "locks-project-"));
    mkdirSync(join(workdir, "supabase", "migrations"), { recursive: true });
    copyFileSync(new URL("../../supabase/config.toml", import.meta.url), join(workdir, "supabase", "config.toml"));
    copyFileSync(new URL(migration, migrationsUrl), join(workdir, "supabase", "migrations", migration));
    return runSupabaseCli(["migration", "up", "--db-url", cliDbUrl(database.url)], { workdir }).finally(() =>
      rmSync(workdir, { recursive: true, force: true }),
    );
  }

  /**
   * Sends INSERTS_BEFORE inserts (to `conversationOf(i)`), waits until each holds its lock, starts the migration,
   * waits until it waits for a lock, sends INSERTS_DURING more to `ids.first`; resolves with every failure and the
   * bodies and conversations of the messages stored.
   */
  async function run(conversationOf: (i: number) => string) {
    const insert = async (i: number, conversation: string) => {
      const c = await client();
      const sender = i % 3 === 0 ? ids.staff : ids.customer;
      await c.query("insert into public.messages (conversation_id, sender_id, body) values ($1, $2, $3)", [
        conversation,
        sender,
        `in flight #${i}`,
      ]);
    };
    const observer = await client();

    const before = Array.from({ length: INSERTS_BEFORE }, (_, i) => insert(i, conversationOf(i)));
    await waitUntil("every insert holds its lock on messages", async () => {
      const { rows } = await observer.query<{ n: string }>(
        `select count(*) as n from pg_locks
         where relation = 'public.messages'::regclass and mode = 'RowExclusiveLock' and granted and pid <> pg_backend_pid()`,
      );
      return Number(rows[0]!.n) >= INSERTS_BEFORE;
    });

    const ours = clients.map((c) => (c as unknown as { processID: number }).processID);
    const migrationDone = deploy();
    await waitUntil("the migration waits for a lock", async () => {
      const { rows } = await observer.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and pid <> all($1::int[])`,
        [ours],
      );
      return Number(rows[0]!.n) > 0;
    });
    const during = Array.from({ length: INSERTS_DURING }, (_, i) => insert(INSERTS_BEFORE + i, ids.first));

    const outcomes = await Promise.allSettled([migrationDone, ...before, ...during]);
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const { rows } = await observer.query<{ body: string; conversation_id: string }>(
      "select body, conversation_id from public.messages where body like 'in flight #%'",
    );
    const conversations = await observer.query<{ id: string }>("select id from public.conversations");
    return { failures, messages: rows, conversations: conversations.rows };
  }

  return { run };
}

const everyInsert = Array.from({ length: INSERTS_BEFORE + INSERTS_DURING }, (_, i) => `in flight #${i}`).sort();

describe.skipIf(!serverUrl)("the merge migration with message inserts in flight (PostgreSQL)", () => {
  // Two inquiries of one customer to one agency: the migration has a merge to do.
  const load = migrationUnderLoad(MERGE, [
    { id: ids.first, daysAgo: 1 },
    { id: ids.duplicate, daysAgo: 0 },
  ]);

  it("does not deadlock and loses no insert", async () => {
    // Inserts in flight go to both inquiries; those sent while the migration runs go to the one that survives
    // the merge (an insert into the merged-away one after the merge is refused by its foreign key, as it should).
    const { failures, messages, conversations } = await load.run((i) => (i % 2 === 0 ? ids.first : ids.duplicate));

    expect(failures, "deadlocks or other failures").toEqual([]);
    expect(messages.map((r) => r.body).sort()).toEqual(everyInsert);
    // Merged: the inserts that landed in the duplicate before the merge were moved to the first inquiry.
    expect(conversations).toEqual([{ id: ids.first }]);
    expect(new Set(messages.map((r) => r.conversation_id))).toEqual(new Set([ids.first]));
  }, 60_000);
});

describe.skipIf(!serverUrl)(
  "the set-based row-level security migration with message inserts in flight (PostgreSQL)",
  () => {
    const load = migrationUnderLoad(SET_BASED_RLS, [{ id: ids.first, daysAgo: 1 }]);

    it("does not deadlock and loses no insert", async () => {
      const { failures, messages } = await load.run(() => ids.first);

      expect(failures, "deadlocks or other failures").toEqual([]);
      expect(messages.map((r) => r.body).sort()).toEqual(everyInsert);
    }, 60_000);
  },
);
