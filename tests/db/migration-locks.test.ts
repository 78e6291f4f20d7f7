// Migrations that lock messages and conversations, deployed while requests are in flight: no deadlock, no
// request lost, and no request held up behind the deploy for longer than the deploy's lock_timeout.
//
// - Inserts in flight: a message insert holds messages and then, in its triggers, needs conversations; a
//   migration that holds one of them while it waits for the other deadlocks with it.
// - Reads in flight: a thread query (a conversation with its messages embedded) and an inbox query
//   (conversations, then a thread's messages), each in a transaction left open. A migration that waits for
//   their locks without a lock_timeout makes every send and read queue behind it until they end; one that holds
//   messages while it waits for conversations deadlocks with the inbox transaction's second read.
//
// Each migration (or group of files, for one split into several) is applied as in a deploy, by the real
// Supabase CLI (`supabase migration up --db-url`), which sends a file as one transaction. A deploy that gives up
// on its lock_timeout is run again once the requests are done, as an operator would. Needs a real PostgreSQL
// server (DATABASE_URL): PGlite serves one connection, so nothing can be "in flight" next to a migration there.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBase, cliDbUrl, createThrowawayDatabase, runSupabaseCli, type ThrowawayDatabase } from "local-supabase";

const serverUrl = process.env.DATABASE_URL || undefined;
const migrationsUrl = new URL("../../supabase/migrations/", import.meta.url);
const migrationFiles = readdirSync(migrationsUrl)
  .filter((name) => name.endsWith(".sql"))
  .sort();
/** The files from `first` to `last` (by name), as one deploy. */
const filesFrom = (first: string, last = first) => migrationFiles.filter((name) => name >= first && name <= last);
const MERGE = filesFrom("20261120000000_unique_agency_user_conversation.sql");
const SET_BASED_RLS = filesFrom("20261128100000_set_based_rls.sql", "20261128101300_set_based_rls_profiles_policy.sql");
const KEEP_REPLIES = filesFrom(
  "20261128120100_keep_replies_of_deleted_staff.sql",
  "20261128120200_validate_messages_sender_fkey.sql",
);
const INSERT_CHECK = filesFrom("20261129100000_message_insert_check_on_audience.sql");
const INSERTS_BEFORE = 4;
const INSERTS_DURING = 4;
const REQUESTS_DURING = 6;
const DEPLOY_ATTEMPTS = 5;
const WAIT_MS = 30_000;
const LOCK_TIMEOUT = /canceling statement due to lock timeout|SQLSTATE 55P03/;

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

/** Settles when `promise` does, without rejecting: whether it has, so far. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

type LoadOptions = {
  /**
   * A test-only trigger that makes every message insert hold its lock on messages for 3 s before its AFTER
   * trigger updates conversations, so the migration (the CLI takes a moment to start) surely meets inserts in
   * that state.
   */
  slowInserts: boolean;
};

/**
 * A database migrated up to (not including) the first of `files`, with a customer, an agency with one staff
 * member and the given inquiries, each with one message.
 */
function migrationUnderLoad(files: string[], inquiries: { id: string; daysAgo: number }[], options: LoadOptions) {
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
    for (const name of migrationFiles.filter((name) => name < files[0]!)) {
      await setup.query(readFileSync(new URL(name, migrationsUrl), "utf8"));
    }
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
      insert into public.messages (conversation_id, sender_id, body)
        select id, created_by, 'first message' from public.conversations;
    `);
    if (options.slowInserts) {
      await setup.query(`
        create function public.slow_message_insert() returns trigger language plpgsql as
          $$ begin perform pg_sleep(3); return new; end $$;
        create trigger slow_message_insert before insert on public.messages
          for each row execute function public.slow_message_insert();
      `);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await database?.drop();
  });

  /** `supabase migration up` with a project whose pending migrations are `files`. */
  function deploy(): Promise<string> {
    const workdir = mkdtempSync(join(tmpdir(), "locks-project-"));
    mkdirSync(join(workdir, "supabase", "migrations"), { recursive: true });
    copyFileSync(new URL("../../supabase/config.toml", import.meta.url), join(workdir, "supabase", "config.toml"));
    // The config names the email templates; the CLI reads them even for `migration up`.
    cpSync(new URL("../../supabase/templates/", import.meta.url), join(workdir, "supabase", "templates"), {
      recursive: true,
    });
    for (const name of files) {
      copyFileSync(new URL(name, migrationsUrl), join(workdir, "supabase", "migrations", name));
    }
    return runSupabaseCli(["migration", "up", "--db-url", cliDbUrl(database.url)], { workdir }).finally(() =>
      rmSync(workdir, { recursive: true, force: true }),
    );
  }

  /**
   * The deploy run again (at most DEPLOY_ATTEMPTS times in all) while it gives up on its lock_timeout; resolves
   * with the versions recorded as applied afterwards. `first` is the deploy already started, and whatever it
   * failed with; any failure other than a lock timeout rejects.
   */
  async function deployUntilApplied(first: Promise<string>): Promise<{ lockTimeouts: number; applied: string[] }> {
    let lockTimeouts = 0;
    let attempt: Promise<string> = first;
    for (let n = 1; ; n++) {
      try {
        await attempt;
        break;
      } catch (error) {
        if (!LOCK_TIMEOUT.test(String(error)) || n >= DEPLOY_ATTEMPTS) throw error;
        lockTimeouts += 1;
        attempt = deploy();
      }
    }
    const observer = await client();
    const { rows } = await observer.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    return { lockTimeouts, applied: rows.map((r) => r.version) };
  }

  /** Sessions of this test's own clients, so that "someone waits for a lock" means the CLI. */
  const ourPids = () => clients.map((c) => (c as unknown as { processID: number }).processID);

  async function deployWaitsForALockOrEnds(observer: pg.Client, deployment: { settled: boolean }) {
    await waitUntil("the migration waits for a lock (or is done)", async () => {
      if (deployment.settled) return true;
      const { rows } = await observer.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and pid <> all($1::int[])`,
        [ourPids()],
      );
      return Number(rows[0]!.n) > 0;
    });
  }

  const insert = async (i: number, conversation: string) => {
    const c = await client();
    const sender = i % 3 === 0 ? ids.staff : ids.customer;
    await c.query("insert into public.messages (conversation_id, sender_id, body) values ($1, $2, $3)", [
      conversation,
      sender,
      `in flight #${i}`,
    ]);
  };

  /**
   * Sends INSERTS_BEFORE inserts (to `conversationOf(i)`), waits until each holds its lock, starts the migration,
   * waits until it waits for a lock, sends INSERTS_DURING more to `ids.first`; resolves with every failure of
   * an insert, the deploy's lock timeouts and the bodies and conversations of the messages stored.
   */
  async function runWithInserts(conversationOf: (i: number) => string) {
    const observer = await client();
    const before = Array.from({ length: INSERTS_BEFORE }, (_, i) => insert(i, conversationOf(i)));
    await waitUntil("every insert holds its lock on messages", async () => {
      const { rows } = await observer.query<{ n: string }>(
        `select count(*) as n from pg_locks
         where relation = 'public.messages'::regclass and mode = 'RowExclusiveLock' and granted and pid <> pg_backend_pid()`,
      );
      return Number(rows[0]!.n) >= INSERTS_BEFORE;
    });

    const firstDeploy = deploy();
    await deployWaitsForALockOrEnds(observer, track(firstDeploy));
    const during = Array.from({ length: INSERTS_DURING }, (_, i) => insert(INSERTS_BEFORE + i, ids.first));

    const outcomes = await Promise.allSettled([...before, ...during]);
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const deployed = await deployUntilApplied(firstDeploy);
    const { rows } = await observer.query<{ body: string; conversation_id: string }>(
      "select body, conversation_id from public.messages where body like 'in flight #%'",
    );
    const conversations = await observer.query<{ id: string }>("select id from public.conversations");
    return { failures, deployed, messages: rows, conversations: conversations.rows };
  }

  /** A session acting as `user` through row-level security, as PostgREST runs a request, in a transaction. */
  async function openTransactionAs(user: string): Promise<pg.Client> {
    const c = await client();
    await c.query("begin");
    // A statement stuck behind the deploy fails after 10 s (and says so) instead of hanging the test.
    await c.query("set local statement_timeout = '10s'");
    await c.query("set local role authenticated");
    await c.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: user, role: "authenticated" }),
    ]);
    return c;
  }

  const threadQuery = `
    select c.id, (select coalesce(json_agg(m.body order by m.created_at), '[]') from public.messages m
                  where m.conversation_id = c.id) as messages
    from public.conversations c where c.id = $1`;
  const inboxQuery = `
    select c.id from public.conversations c where c.created_by = $1
    order by c.last_message_at desc nulls last, c.created_at desc limit 21`;

  /** A request on its own connection, as PostgREST sends it: one transaction, one statement. */
  async function request(sql: string, params: unknown[]) {
    const c = await openTransactionAs(ids.customer);
    await c.query(sql, params);
    await c.query("commit");
  }

  /**
   * Opens a thread query's transaction and an inbox query's transaction (conversations only) and leaves both
   * open; starts the deploy and waits until it waits for a lock (or is done); sends REQUESTS_DURING sends and
   * reads; waits until they are answered while both transactions are still open; then the inbox transaction
   * reads a thread (messages), and both commit. The deploy is run again while it gave up on its lock_timeout.
   */
  async function runWithOpenReads() {
    const observer = await client();
    const thread = await openTransactionAs(ids.customer);
    const threadRead = await thread.query(threadQuery, [ids.first]);
    const inbox = await openTransactionAs(ids.customer);
    await inbox.query(inboxQuery, [ids.customer]);

    const firstDeploy = deploy();
    await deployWaitsForALockOrEnds(observer, track(firstDeploy));

    const during = Array.from({ length: REQUESTS_DURING }, (_, i) =>
      i % 2 === 0
        ? request("insert into public.messages (conversation_id, body) values ($1, $2)", [ids.first, `in flight #${i}`])
        : request(threadQuery, [ids.first]),
    );
    const answered = during.map(track);
    let answeredWhileOpen = true;
    try {
      await waitUntil("every send and read during the deploy is answered", async () =>
        answered.every((a) => a.settled),
      );
    } catch {
      answeredWhileOpen = false;
    }

    const transactionFailures: string[] = [];
    try {
      await inbox.query(threadQuery, [ids.first]);
    } catch (error) {
      transactionFailures.push(`inbox transaction, reading a thread: ${String(error)}`);
    }
    for (const [what, c] of [
      ["thread", thread],
      ["inbox", inbox],
    ] as const) {
      await c.query("commit").catch((error) => transactionFailures.push(`${what} commit: ${String(error)}`));
    }

    const outcomes = await Promise.allSettled(during);
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const deployed = await deployUntilApplied(firstDeploy);
    const { rows } = await observer.query<{ body: string }>(
      "select body from public.messages where body like 'in flight #%' order by body",
    );
    return {
      answeredWhileOpen,
      failures,
      transactionFailures,
      threadReadBefore: threadRead.rows.length,
      deployed,
      messages: rows.map((r) => r.body),
    };
  }

  return { runWithInserts, runWithOpenReads };
}

const everyInsert = Array.from({ length: INSERTS_BEFORE + INSERTS_DURING }, (_, i) => `in flight #${i}`).sort();
const versionOf = (file: string) => file.slice(0, file.indexOf("_"));

describe.skipIf(!serverUrl)("the merge migration with message inserts in flight (PostgreSQL)", () => {
  // Two inquiries of one customer to one agency: the migration has a merge to do.
  const load = migrationUnderLoad(
    MERGE,
    [
      { id: ids.first, daysAgo: 1 },
      { id: ids.duplicate, daysAgo: 0 },
    ],
    { slowInserts: true },
  );

  it("does not deadlock and loses no insert", async () => {
    // Inserts in flight go to both inquiries; those sent while the migration runs go to the one that survives
    // the merge (an insert into the merged-away one after the merge is refused by its foreign key, as it should).
    const { failures, deployed, messages, conversations } = await load.runWithInserts((i) =>
      i % 2 === 0 ? ids.first : ids.duplicate,
    );

    expect(failures, "deadlocks or other failures").toEqual([]);
    expect(deployed.applied).toEqual(MERGE.map(versionOf));
    expect(messages.map((r) => r.body).sort()).toEqual(everyInsert);
    // Merged: the inserts that landed in the duplicate before the merge were moved to the first inquiry.
    expect(conversations).toEqual([{ id: ids.first }]);
    expect(new Set(messages.map((r) => r.conversation_id))).toEqual(new Set([ids.first]));
  }, 120_000);
});

describe.skipIf(!serverUrl).each([
  ["the set-based row-level security migrations", SET_BASED_RLS],
  ["the keep-replies migrations", KEEP_REPLIES],
  ["the insert-check migration", INSERT_CHECK],
])("%s with message inserts in flight (PostgreSQL)", (_name, files) => {
  const load = migrationUnderLoad(files, [{ id: ids.first, daysAgo: 1 }], { slowInserts: true });

  it("does not deadlock, loses no insert, and is applied", async () => {
    const { failures, deployed, messages } = await load.runWithInserts(() => ids.first);

    expect(failures, "deadlocks or other failures").toEqual([]);
    expect(deployed.applied).toEqual(files.map(versionOf));
    expect(messages.map((r) => r.body).sort()).toEqual(everyInsert);
  }, 120_000);
});

describe.skipIf(!serverUrl).each([
  ["the merge migration", MERGE],
  ["the set-based row-level security migrations", SET_BASED_RLS],
  ["the keep-replies migrations", KEEP_REPLIES],
  ["the insert-check migration", INSERT_CHECK],
])("%s with a thread and an inbox query in open transactions (PostgreSQL)", (_name, files) => {
  const load = migrationUnderLoad(files, [{ id: ids.first, daysAgo: 1 }], { slowInserts: false });

  it("answers sends and reads while the transactions stay open, deadlocks no one, and is applied", async () => {
    const result = await load.runWithOpenReads();

    expect(result.threadReadBefore).toBe(1);
    // Without a lock_timeout the deploy waits for the open transactions, and every request queues behind it.
    expect(result.answeredWhileOpen, "sends and reads answered while the transactions were open").toBe(true);
    expect(result.failures, "failed sends or reads").toEqual([]);
    expect(result.transactionFailures, "deadlock or other failure in an open transaction").toEqual([]);
    expect(result.deployed.applied).toEqual(files.map(versionOf));
    expect(result.messages).toEqual(
      Array.from({ length: REQUESTS_DURING }, (_, i) => i)
        .filter((i) => i % 2 === 0)
        .map((i) => `in flight #${i}`),
    );
  }, 120_000);
});
