// Query plans at scale: with 100,000 conversations, 105,000 messages and 100,000 agencies loaded (bulk SQL),
// every request the API routes and pages send (lib/messages/queries.ts and lib/agencies/queries.ts, the very
// builders they use) is explained by PostgREST itself (`Accept: application/vnd.pgrst.plan+json`, enabled for
// this throwaway database only), as `authenticated` with each actor's token or as `anon`, so row-level security
// is part of the plan. None may read conversations, messages, profiles or agencies sequentially: each must cost
// what the caller's own rows (or one page) cost, not what the tables hold.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencyCursorParam, encodeAgencyCursor, type DirectoryPosition } from "@/lib/agencies/cursor";
import { AGENCIES_PAGE_SIZE, agenciesPageQuery, agencyBySlugQuery } from "@/lib/agencies/queries";
import {
  encodeConversationCursor,
  encodeMessageCursor,
  conversationCursorParam,
  messageCursorParam,
} from "@/lib/messages/cursor";
import {
  conversationByIdQuery,
  conversationsPageQuery,
  INBOX_PAGE_SIZE,
  inboxPageQuery,
  inquiryByKeyQuery,
  messageBySendKeyQuery,
  myAgenciesQuery,
  myUnreadTotalQuery,
  type ConversationSource,
  profilesByIdQuery,
  THREAD_PAGE_SIZE,
  threadPageQuery,
} from "@/lib/messages/queries";
import { messagesAfterQuery } from "@/lib/messages/read/list-messages-after";
import type { Database } from "@/lib/supabase/database.types";
import type { UserSupabaseClient } from "@/lib/supabase/types";
import {
  createThrowawayDatabase,
  PUBLISHABLE_KEY,
  passwordSession,
  startStack,
  withClient,
  type Stack,
  type ThrowawayDatabase,
} from "local-supabase";
import {
  PLAN_SCALE,
  SCALE_PASSWORD,
  scaleActors,
  loadScaleData,
  PER_ROW_UNREAD_SUM_SQL,
  scaleRowCounts,
  UNREAD_TOTALS_MISMATCHES_SQL,
} from "../../scripts/scale/scale-data.ts";
import { nestedPlans } from "./nested-plans.ts";
import { accessPaths, planNodes, rowsRead, sequentialScans, type PlanNode } from "./plan-tree.ts";
import { waitUntilExplaining } from "./wait-until-explaining.ts";

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl)
  throw new Error("the plan tests run on PostgreSQL: set DATABASE_URL (a server where a database can be created)");

const GUARDED_TABLES = [
  "conversations",
  "messages",
  "profiles",
  "conversation_reads",
  "customer_inbox_totals",
  "agency_inbox_totals",
  "agency_inbox_seen_totals",
  "agencies",
];
/** Where the plans are written for reading (docs/database.md quotes them). */
const PLANS_FILE = process.env.PLANS_OUT;

let database: ThrowawayDatabase;
let stack: Stack;
let dataDir: string;
const recorded: Record<string, string[]> = {};

type Explainable = {
  explain(options: { format: "json"; analyze: boolean }): PromiseLike<{ data: unknown; error: unknown }>;
};

async function plan(request: Explainable): Promise<PlanNode> {
  const { data, error } = await request.explain({ format: "json", analyze: true });
  if (error) throw new Error(`explain failed: ${JSON.stringify(error)}`);
  const plans = data as { Plan: PlanNode }[];
  return plans[0]!.Plan;
}

/** A client acting as the user of `accessToken`, or as `anon` (a signed-out visitor) without one. */
function clientFor(accessToken: string | null): UserSupabaseClient {
  return createClient<Database>(stack.apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} },
  });
}

async function expectIndexedPlan(name: string, request: Explainable): Promise<PlanNode> {
  const tree = await plan(request);
  recorded[name] = accessPaths(tree);
  expect(sequentialScans(tree, GUARDED_TABLES), `${name}: ${recorded[name].join("; ")}`).toEqual([]);
  return tree;
}

/**
 * An agency's page for the API's list is read inside public.agency_conversations_page (a Function Scan in
 * PostgREST's explain): its own statement must be the ordered scan of conversations_context_idx that stops after
 * the page, never a sort of all the agency's inquiries.
 */
async function expectIndexedAgencyPage(name: string, userId: string, agencyId: string, pageSize: number) {
  const inner = await withClient(stack.dbUrl, (client) =>
    nestedPlans(client, userId, "select * from public.agency_conversations_page($1, $2)", [agencyId, pageSize]),
  );
  const body = inner.find((statement) => statement.query.includes("from public.conversations c"));
  expect(body, `${name}: the function's statement was not explained`).toBeDefined();
  recorded[`${name}, inside agency_conversations_page`] = accessPaths(body!.plan);
  expect(sequentialScans(body!.plan, GUARDED_TABLES)).toEqual([]);
  expect(accessPaths(body!.plan)).toContain("Index Scan using conversations_context_idx on conversations");
  expect(rowsRead(body!.plan, "conversations")).toBeGreaterThan(0);
  expect(rowsRead(body!.plan, "conversations")).toBeLessThanOrEqual(pageSize);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "plans-stack-"));
  database = await createThrowawayDatabase(serverUrl, "plans");
  stack = await startStack({ databaseUrl: database.url, dataDir, ports: "auto", log: () => {} });
  await loadScaleData(stack.dbUrl, PLAN_SCALE);
  await withClient(stack.dbUrl, async (client) => {
    // PostgREST answers `Accept: application/vnd.pgrst.plan` only when this is on (never in production): for this
    // throwaway database only, so no other database on the server ever explains to its callers (dropping the
    // database drops the setting).
    await client.query(
      `alter role authenticator in database ${new URL(database.url).pathname.slice(1)} set pgrst.db_plan_enabled to 'true'`,
    );
    await client.query("notify pgrst, 'reload config'");
  });
  // Wait until PostgREST has reloaded its configuration (a condition, not a sleep).
  const anyone = clientFor(
    (await passwordSession(stack.apiUrl, scaleActors.customerWithNothing.email, SCALE_PASSWORD)).access_token,
  );
  await waitUntilExplaining(anyone);
});

afterAll(async () => {
  if (PLANS_FILE) await writeFile(PLANS_FILE, JSON.stringify(recorded, null, 2));
  await stack?.stop();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("runs on the loaded data", async () => {
  const counts = await withClient(stack.dbUrl, async (client) => {
    const result = await client.query<{ conversations: string; messages: string; agencies: string }>(
      `select (select count(*) from public.conversations) as conversations,
        (select count(*) from public.messages) as messages, (select count(*) from public.agencies) as agencies`,
    );
    return result.rows[0]!;
  });
  const expected = scaleRowCounts(PLAN_SCALE);
  expect(Number(counts.conversations)).toBeGreaterThanOrEqual(expected.conversations);
  expect(Number(counts.messages)).toBeGreaterThanOrEqual(100_000);
  expect(Number(counts.agencies)).toBeGreaterThanOrEqual(100_000);
});

it("plans every API request for its own values: PostgREST's role never switches to a generic plan", async () => {
  // PostgREST sends prepared statements; from the sixth execution PostgreSQL may reuse a generic plan, which for
  // staff of a large agency reads every inquiry (docs/database.md, "The plans"). The setting belongs to the role
  // PostgREST logs in as, so log in as it.
  const asAuthenticator = new URL(stack.dbUrl);
  asAuthenticator.username = "authenticator";
  asAuthenticator.password = "postgres";
  const plans = await withClient(asAuthenticator.toString(), async (client) => {
    // A catalog read: the role itself may read nothing of the app's (it switches role per request).
    await client.query("prepare by_id (oid) as select relname from pg_catalog.pg_class where oid = $1");
    for (let run = 0; run < 10; run++) await client.query("execute by_id ('pg_class'::regclass)");
    const { rows } = await client.query<{ generic: string; custom: string }>(
      "select generic_plans as generic, custom_plans as custom from pg_prepared_statements where name = 'by_id'",
    );
    return rows[0]!;
  });
  expect(plans).toEqual({ generic: "0", custom: "10" });
});

it("has per-side message counters that match the messages (the loader fills what the trigger would)", async () => {
  const mismatched = await withClient(stack.dbUrl, async (client) => {
    const result = await client.query<{ n: string }>(
      `select count(*) as n
       from public.conversations c
       left join (
         select conversation_id,
           count(*) filter (where sender_id = conversation_created_by) as customer_messages,
           count(*) filter (where sender_id is distinct from conversation_created_by) as agency_messages
         from public.messages group by conversation_id
       ) m on m.conversation_id = c.id
       where (c.customer_message_count, c.agency_message_count)
         is distinct from (coalesce(m.customer_messages, 0)::int, coalesce(m.agency_messages, 0)::int)`,
    );
    return Number(result.rows[0]!.n);
  });
  expect(mismatched).toBe(0);
});

it("has unread totals that match the conversations and markers (the loader fills what the triggers would)", async () => {
  const mismatches = await withClient(stack.dbUrl, async (client) => {
    const result = await client.query<{ mismatches: string }>(UNREAD_TOTALS_MISMATCHES_SQL);
    return Number(result.rows[0]!.mismatches);
  });
  expect(mismatches).toBe(0);
});

const actors = [
  {
    name: "a customer who owns nothing",
    email: scaleActors.customerWithNothing.email,
    agencyId: scaleActors.staff.agencyId,
    seesBigThread: false,
  },
  {
    name: "a customer with an inquiry to every big agency",
    email: scaleActors.customerWithMany.email,
    agencyId: scaleActors.staff.agencyId,
    seesBigThread: true,
  },
  {
    name: "agency staff with 10,000 inquiries",
    email: scaleActors.staff.email,
    agencyId: scaleActors.staff.agencyId,
    seesBigThread: true,
  },
];

describe.each(actors)("as $name", ({ email, agencyId, seesBigThread }) => {
  let supabase: UserSupabaseClient;
  let userId: string;

  beforeAll(async () => {
    const session = await passwordSession(stack.apiUrl, email, SCALE_PASSWORD);
    userId = session.user.id;
    supabase = clientFor(session.access_token);
  });

  const label = (query: string) => `${email}: ${query}`;

  it("inbox: memberships, then a first page and the page after it from each source", async () => {
    await expectIndexedPlan(label("inbox: my agencies"), myAgenciesQuery(supabase, userId));
    const memberships = await myAgenciesQuery(supabase, userId);
    const sources: ConversationSource[] = [
      { createdBy: userId },
      ...(memberships.data ?? []).map((m) => ({ agencyId: m.agency_id })),
    ];
    for (const source of sources) {
      const name = "createdBy" in source ? "own" : "agency";
      const tree = await expectIndexedPlan(
        label(`inbox page 1 (${name})`),
        inboxPageQuery(supabase, source, null, INBOX_PAGE_SIZE),
      );
      // The page is read in index order and the scan stops after it, whatever the number of inquiries.
      expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(INBOX_PAGE_SIZE + 1);
      const first = await inboxPageQuery(supabase, source, null, INBOX_PAGE_SIZE);
      expect(first.error).toBeNull();
      const last = first.data?.[INBOX_PAGE_SIZE - 1];
      const cursor = conversationCursorParam.parse(
        encodeConversationCursor(
          last ?? { last_message_at: null, created_at: "2026-01-01T00:00:00Z", id: crypto.randomUUID() },
        ),
      );
      await expectIndexedPlan(
        label(`inbox page 2 (${name})`),
        inboxPageQuery(supabase, source, cursor, INBOX_PAGE_SIZE),
      );
    }
  });

  it("header: the unread total over every conversation, from the kept totals", async () => {
    const tree = await expectIndexedPlan(label("header: my unread total"), myUnreadTotalQuery(supabase));
    // Primary-key lookups only: never the caller's conversations or markers, however many there are.
    expect(rowsRead(tree, "conversation_reads")).toBe(0);
    expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(1);
    const { data, error } = await myUnreadTotalQuery(supabase).single();
    expect(error).toBeNull();
    const perRow = await withClient(stack.dbUrl, async (client) => {
      const result = await client.query<{ unread: string }>(PER_ROW_UNREAD_SUM_SQL, [userId]);
      return Number(result.rows[0]!.unread);
    });
    expect(data?.unread_count).toBe(perRow);
  });

  it("thread of the 5,000-message conversation: newest page and an earlier one", async () => {
    const id = scaleActors.bigThreadId;
    await expectIndexedPlan(label("thread page 1"), threadPageQuery(supabase, id, null, THREAD_PAGE_SIZE));
    const first = await threadPageQuery(supabase, id, null, THREAD_PAGE_SIZE).maybeSingle();
    // The plans are about the right rows: participants see a full page, anyone else nothing.
    expect(first.data?.messages.length ?? 0).toBe(seesBigThread ? THREAD_PAGE_SIZE + 1 : 0);
    const oldest = first.data?.messages.at(-1);
    const cursor = messageCursorParam.parse(
      encodeMessageCursor(oldest ?? { created_at: "2026-06-01T00:00:00Z", id: crypto.randomUUID() }),
    );
    await expectIndexedPlan(label("thread page 2"), threadPageQuery(supabase, id, cursor, THREAD_PAGE_SIZE));
    // Catching up after a reconnect: the page after a message, read forwards on the same index.
    const after = await expectIndexedPlan(
      label("messages after a cursor"),
      messagesAfterQuery(supabase, id, cursor, THREAD_PAGE_SIZE),
    );
    expect(rowsRead(after, "messages")).toBeLessThanOrEqual(THREAD_PAGE_SIZE + 1);
    await expectIndexedPlan(label("conversation by id"), conversationByIdQuery(supabase, id));
  });

  it("the button's check, the POST's finds, and the API list", async () => {
    const check = { source: { createdBy: userId }, kinds: "agency_inquiries" as const, contextId: agencyId };
    await expectIndexedPlan(
      label("button's check"),
      conversationsPageQuery(supabase, { ...check, before: null, limit: 1 }),
    );
    await expectIndexedPlan(
      label("POST: find the inquiry"),
      inquiryByKeyQuery(supabase, { context_type: "agency_inquiry", context_id: agencyId, created_by: userId }),
    );
    await expectIndexedPlan(
      label("POST: find a replayed send"),
      messageBySendKeyQuery(supabase, userId, crypto.randomUUID()),
    );
    const memberships = await myAgenciesQuery(supabase, userId);
    const sources: ConversationSource[] = [
      { createdBy: userId },
      ...(memberships.data ?? []).map((m) => ({ agencyId: m.agency_id })),
    ];
    for (const source of sources) {
      const name = label(`GET conversations (${"createdBy" in source ? "own" : "agency"})`);
      const tree = await expectIndexedPlan(
        name,
        conversationsPageQuery(supabase, { source, kinds: "every_kind", before: null, limit: 50 }),
      );
      if ("createdBy" in source) expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(51);
      else await expectIndexedAgencyPage(name, userId, source.agencyId, 51);
    }
  });

  it("names: profiles of partners and agencies", async () => {
    const inbox = await inboxPageQuery(supabase, { agencyId }, null, INBOX_PAGE_SIZE);
    const others = [...new Set((inbox.data ?? []).map((row) => row.created_by))].filter((id) => id !== userId);
    await expectIndexedPlan(
      label("profiles of partners"),
      profilesByIdQuery(supabase, [...others, crypto.randomUUID()]),
    );
  });

  it("hostile reads: whole tables, as far as row-level security lets them", async () => {
    await expectIndexedPlan(label("messages?select=id&limit=1000"), supabase.from("messages").select("id").limit(1000));
    await expectIndexedPlan(
      label("conversations?select=id&limit=1000"),
      supabase.from("conversations").select("id").limit(1000),
    );
    await expectIndexedPlan(label("profiles?select=id&limit=1000"), supabase.from("profiles").select("id").limit(1000));
    await expectIndexedPlan(
      label("conversation_reads?select=*&limit=1000"),
      supabase.from("conversation_reads").select("*").limit(1000),
    );
  });
});

describe.each([
  { name: "a signed-out visitor", email: null },
  { name: "a customer", email: scaleActors.customerWithMany.email },
])("the agency directory and an agency page, as $name", ({ name, email }) => {
  let supabase: UserSupabaseClient;

  beforeAll(async () => {
    supabase = clientFor(email ? (await passwordSession(stack.apiUrl, email, SCALE_PASSWORD)).access_token : null);
  });

  /** Explains the page at `position`, checks that it reads one page of agencies, and returns the page. */
  async function directoryPage(query: string, position: DirectoryPosition) {
    const tree = await expectIndexedPlan(
      `${name}: ${query}`,
      agenciesPageQuery(supabase, position, AGENCIES_PAGE_SIZE),
    );
    // The page is read in index order (forwards or backwards) and the scan stops after it.
    expect(rowsRead(tree, "agencies")).toBeLessThanOrEqual(AGENCIES_PAGE_SIZE + 1);
    // Previous reads the same index backwards, rather than sorting what lies before the cursor.
    const scan = planNodes(tree).find((node) => node["Index Name"] === "agencies_name_id_idx");
    expect(scan?.["Scan Direction"]).toBe(position && "before" in position ? "Backward" : "Forward");
    const page = await agenciesPageQuery(supabase, position, AGENCIES_PAGE_SIZE);
    expect(page.error).toBeNull();
    expect(page.data).toHaveLength(AGENCIES_PAGE_SIZE + 1);
    return page.data!;
  }

  it("the first page, Next from it, and Next and Previous deep in the directory, between agencies of one name", async () => {
    const first = await directoryPage("directory page 1", null);
    const cursorOf = (row: { name: string; id: string }) => agencyCursorParam.parse(encodeAgencyCursor(row));
    const second = await directoryPage("directory page 2", { after: cursorOf(first[AGENCIES_PAGE_SIZE - 1]!) });
    expect(second[0]).toEqual(first[AGENCIES_PAGE_SIZE]);

    // The first of the two agencies called "Directory Agency 25000": the page after it starts with the second.
    const twins = await withClient(stack.dbUrl, async (client) =>
      (
        await client.query<{ name: string; id: string }>(
          "select name, id from public.agencies where name = 'Directory Agency 25000' order by id",
        )
      ).rows.map((row) => ({ name: row.name, id: row.id })),
    );
    expect(twins).toHaveLength(2);
    const later = await directoryPage("directory page after a cursor, deep", { after: cursorOf(twins[0]!) });
    expect(later[0]).toMatchObject(twins[1]!);
    const earlier = await directoryPage("directory page before a cursor, deep", { before: cursorOf(twins[1]!) });
    expect(earlier[0]).toMatchObject(twins[0]!);
  });

  it("an agency by its slug", async () => {
    const tree = await expectIndexedPlan(
      `${name}: agency by slug`,
      agencyBySlugQuery(supabase, "directory-agency-50000"),
    );
    expect(accessPaths(tree)).toEqual(["Index Scan using agencies_slug_key on agencies"]);
  });
});
