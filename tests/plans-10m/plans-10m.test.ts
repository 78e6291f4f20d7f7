// Query plans at 10M messages and 2M conversations (seed:scale --size 10m), for the request shapes that broke at
// that size: whole-table REST reads with a `limit` and no filter or order (by a customer, by staff of the agency
// with 200,000 inquiries, by a user who owns nothing), and every request the app sends as that staff member.
// Explained by PostgREST itself, as `authenticated` with each actor's token, so row-level security is in the
// plan. None may read conversations, messages or profiles sequentially, and each reads what the caller's page
// needs, not what the caller may see.
//
// PLANS_10M_DATABASE_URL: a migrated database already holding seed:scale --size 10m (kept after the run).
// Else DATABASE_URL: a throwaway database on that server, loaded here (minutes) and dropped afterwards.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencyCursorParam, encodeAgencyCursor, type DirectoryPosition } from "@/lib/agencies/cursor";
import { AGENCIES_PAGE_SIZE, agenciesPageQuery, agencyBySlugQuery } from "@/lib/agencies/queries";
import {
  conversationCursorParam,
  encodeConversationCursor,
  encodeMessageCursor,
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
  profilesByIdQuery,
  THREAD_PAGE_SIZE,
  threadPageQuery,
} from "@/lib/messages/queries";
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
  loadScaleData,
  SCALE_PASSWORD,
  SCALE_SIZES,
  scaleActors,
  scaleRowCounts,
  PER_ROW_UNREAD_SUM_SQL,
  UNREAD_TOTALS_MISMATCHES_SQL,
} from "../../scripts/scale/scale-data.ts";
import { nestedPlans } from "../plans/nested-plans.ts";
import { accessPaths, planNodes, rowsRead, sequentialScans, type PlanNode } from "../plans/plan-tree.ts";
import { waitUntilExplaining } from "../plans/wait-until-explaining.ts";

const loadedUrl = process.env.PLANS_10M_DATABASE_URL;
const serverUrl = process.env.DATABASE_URL;
if (!loadedUrl && !serverUrl)
  throw new Error(
    "the 10M plan tests run on PostgreSQL: set PLANS_10M_DATABASE_URL (a database loaded by seed:scale --size 10m) or DATABASE_URL",
  );

const SIZE = SCALE_SIZES["10m"];
const GUARDED_TABLES = ["conversations", "messages", "profiles"];
const HOSTILE_LIMIT = 1000;
const PLANS_FILE = process.env.PLANS_OUT;

let database: ThrowawayDatabase | null = null;
let stack: Stack;
let dataDir: string;
let databaseName: string;
const recorded: Record<string, string[]> = {};

type Explainable = {
  explain(options: {
    format: "json";
    analyze: boolean;
    buffers: boolean;
  }): PromiseLike<{ data: unknown; error: unknown }>;
};

async function plan(request: Explainable): Promise<PlanNode> {
  const { data, error } = await request.explain({ format: "json", analyze: true, buffers: true });
  if (error) throw new Error(`explain failed: ${JSON.stringify(error)}`);
  return (data as { Plan: PlanNode }[])[0]!.Plan;
}

function clientFor(accessToken: string): UserSupabaseClient {
  return createClient<Database>(stack.apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
}

async function expectIndexedPlan(name: string, request: Explainable): Promise<PlanNode> {
  const tree = await plan(request);
  recorded[name] = accessPaths(tree);
  expect(sequentialScans(tree, GUARDED_TABLES), `${name}: ${recorded[name].join("; ")}`).toEqual([]);
  return tree;
}

/** Index entries the bitmap index scans produced (they run to the end, whatever the limit). */
function indexEntriesRead(tree: PlanNode): number {
  return planNodes(tree)
    .filter((node) => node["Node Type"] === "Bitmap Index Scan")
    .reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1), 0);
}

/** Shared buffers the whole statement touched, InitPlans and the functions they call included. */
function buffersTouched(tree: PlanNode): number {
  return Number(tree["Shared Hit Blocks"] ?? 0) + Number(tree["Shared Read Blocks"] ?? 0);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "plans-10m-stack-"));
  if (!loadedUrl) database = await createThrowawayDatabase(serverUrl!, "plans10m");
  const url = loadedUrl ?? database!.url;
  databaseName = new URL(url).pathname.slice(1);
  stack = await startStack({ databaseUrl: url, dataDir, ports: "auto", log: () => {} });
  if (database) await loadScaleData(stack.dbUrl, SIZE);
  await withClient(stack.dbUrl, async (client) => {
    // PostgREST answers `Accept: application/vnd.pgrst.plan` only when this is on: for this database only.
    await client.query(`alter role authenticator in database ${databaseName} set pgrst.db_plan_enabled to 'true'`);
    await client.query("notify pgrst, 'reload config'");
  });
  const anyone = clientFor(
    (await passwordSession(stack.apiUrl, scaleActors.customerWithNothing.email, SCALE_PASSWORD)).access_token,
  );
  await waitUntilExplaining(anyone);
});

afterAll(async () => {
  if (PLANS_FILE) await writeFile(PLANS_FILE, JSON.stringify(recorded, null, 2));
  if (stack && loadedUrl)
    await withClient(stack.dbUrl, (client) =>
      client.query(`alter role authenticator in database ${databaseName} reset pgrst.db_plan_enabled`),
    );
  await stack?.stop();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("runs on the 10M data", async () => {
  const counts = await withClient(stack.dbUrl, async (client) => {
    const result = await client.query<{ conversations: string; messages: string; inquiries: string }>(
      `select (select count(*) from public.conversations) as conversations,
         (select count(*) from public.messages) as messages,
         (select count(*) from public.conversations where context_type = 'agency_inquiry' and context_id = $1) as inquiries`,
      [scaleActors.staff.agencyId],
    );
    return result.rows[0]!;
  });
  const expected = scaleRowCounts(SIZE);
  expect(Number(counts.conversations)).toBeGreaterThanOrEqual(expected.conversations);
  expect(Number(counts.messages)).toBeGreaterThanOrEqual(expected.messages);
  expect(Number(counts.inquiries)).toBeGreaterThanOrEqual(SIZE.customers);
});

const actors = [
  { name: "a user who owns nothing", email: scaleActors.customerWithNothing.email },
  { name: "a customer", email: scaleActors.customerWithMany.email },
  { name: "staff of the agency with 200,000 inquiries", email: scaleActors.staff.email },
];

describe.each(actors)("hostile whole-table reads as $name", ({ email }) => {
  let supabase: UserSupabaseClient;

  beforeAll(async () => {
    supabase = clientFor((await passwordSession(stack.apiUrl, email, SCALE_PASSWORD)).access_token);
  });

  it.each(GUARDED_TABLES)(`%s?select=id&limit=${HOSTILE_LIMIT}`, async (table) => {
    const name = `${email}: ${table}?select=id&limit=${HOSTILE_LIMIT}`;
    const tree = await expectIndexedPlan(
      name,
      supabase
        .from(table as "conversations" | "messages" | "profiles")
        .select("id")
        .limit(HOSTILE_LIMIT),
    );
    // Priced by what the caller sees: the rows answered, and index entries only of rows the caller may see (a
    // bitmap scan collects all of those before the limit applies: for agency staff, every message or inquiry
    // of their agency; see docs/database.md, "Scale ×10").
    expect(rowsRead(tree, table), `${name}: ${recorded[name]!.join("; ")}`).toBeLessThanOrEqual(HOSTILE_LIMIT + 1);
    const visible = await supabase
      .from(table as "conversations" | "messages" | "profiles")
      .select("id", { count: "exact", head: true });
    expect(visible.error).toBeNull();
    expect(indexEntriesRead(tree), `${name}: ${recorded[name]!.join("; ")}`).toBeLessThanOrEqual(
      Math.max(visible.count ?? 0, HOSTILE_LIMIT + 1),
    );
  });
});

describe("every app request as staff of the agency with 200,000 inquiries", () => {
  let supabase: UserSupabaseClient;
  let userId: string;
  const agencyId = scaleActors.staff.agencyId;
  const label = (query: string) => `staff: ${query}`;

  beforeAll(async () => {
    const session = await passwordSession(stack.apiUrl, scaleActors.staff.email, SCALE_PASSWORD);
    userId = session.user.id;
    supabase = clientFor(session.access_token);
  });

  it("inbox: memberships, first page, next page", async () => {
    await expectIndexedPlan(label("inbox: my agencies"), myAgenciesQuery(supabase, userId));
    for (const source of [{ createdBy: userId }, { agencyId }]) {
      const name = "createdBy" in source ? "own" : "agency";
      const tree = await expectIndexedPlan(
        label(`inbox page 1 (${name})`),
        inboxPageQuery(supabase, source, null, INBOX_PAGE_SIZE),
      );
      expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(INBOX_PAGE_SIZE + 1);
      const first = await inboxPageQuery(supabase, source, null, INBOX_PAGE_SIZE);
      expect(first.error).toBeNull();
      const last = first.data?.[INBOX_PAGE_SIZE - 1];
      const cursor = conversationCursorParam.parse(
        encodeConversationCursor(
          last ?? { last_message_at: null, created_at: "2026-01-01T00:00:00Z", id: crypto.randomUUID() },
        ),
      );
      const next = await expectIndexedPlan(
        label(`inbox page 2 (${name})`),
        inboxPageQuery(supabase, source, cursor, INBOX_PAGE_SIZE),
      );
      expect(rowsRead(next, "conversations")).toBeLessThanOrEqual(INBOX_PAGE_SIZE + 1);
    }
  });

  it("header: the exact unread total over 200,000 inquiries, from the kept totals", async () => {
    const tree = await expectIndexedPlan(label("header: my unread total"), myUnreadTotalQuery(supabase));
    expect(rowsRead(tree, "conversation_reads")).toBe(0);
    expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(1);
    const { data } = await myUnreadTotalQuery(supabase).single();
    const checked = await withClient(stack.dbUrl, async (client) => {
      await client.query("set statement_timeout = 0");
      const perRow = await client.query<{ unread: string }>(PER_ROW_UNREAD_SUM_SQL, [userId]);
      const totals = await client.query<{ mismatches: string }>(UNREAD_TOTALS_MISMATCHES_SQL);
      return { perRow: Number(perRow.rows[0]!.unread), mismatches: Number(totals.rows[0]!.mismatches) };
    });
    expect(checked.mismatches).toBe(0);
    expect(data?.unread_count).toBe(checked.perRow);
  });

  it("names: the partners' profiles touch only the page's ids", async () => {
    const inbox = await inboxPageQuery(supabase, { agencyId }, null, INBOX_PAGE_SIZE);
    expect(inbox.data?.length).toBe(INBOX_PAGE_SIZE + 1);
    const ids = [...new Set((inbox.data ?? []).map((row) => row.created_by))];
    const tree = await expectIndexedPlan(label("profiles of partners"), profilesByIdQuery(supabase, ids));
    const answer = await profilesByIdQuery(supabase, ids);
    expect(answer.data?.length).toBe(ids.length);
    // A few index pages per requested id; building the list of all 200,000 partners touches thousands.
    const touched = buffersTouched(tree);
    expect(touched, `buffers: ${touched}; ${planNodes(tree).length} plan nodes`).toBeLessThanOrEqual(ids.length * 20);
  });

  it("the 20,000-message thread: newest page and an earlier one", async () => {
    const id = scaleActors.bigThreadId;
    await expectIndexedPlan(label("thread page 1"), threadPageQuery(supabase, id, null, THREAD_PAGE_SIZE));
    const first = await threadPageQuery(supabase, id, null, THREAD_PAGE_SIZE).maybeSingle();
    expect(first.data?.messages.length).toBe(THREAD_PAGE_SIZE + 1);
    const cursor = messageCursorParam.parse(encodeMessageCursor(first.data!.messages.at(-1)!));
    await expectIndexedPlan(label("thread page 2"), threadPageQuery(supabase, id, cursor, THREAD_PAGE_SIZE));
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
    for (const source of [{ createdBy: userId }, { agencyId }]) {
      const name = label(`GET conversations (${"createdBy" in source ? "own" : "agency"})`);
      const tree = await expectIndexedPlan(
        name,
        conversationsPageQuery(supabase, { source, kinds: "every_kind", before: null, limit: 50 }),
      );
      if ("createdBy" in source) {
        expect(rowsRead(tree, "conversations")).toBeLessThanOrEqual(51);
        continue;
      }
      // The agency's page is read inside public.agency_conversations_page (one Function Scan here): its own
      // statement must stop after the page, not sort all 200,000 inquiries (docs/database.md, "The API's agency
      // list").
      const inner = await withClient(stack.dbUrl, (client) =>
        nestedPlans(client, userId, "select * from public.agency_conversations_page($1, $2)", [agencyId, 51]),
      );
      const body = inner.find((statement) => statement.query.includes("from public.conversations c"));
      expect(body, `${name}: the function's statement was not explained`).toBeDefined();
      recorded[`${name}, inside agency_conversations_page`] = accessPaths(body!.plan);
      expect(sequentialScans(body!.plan, GUARDED_TABLES)).toEqual([]);
      expect(accessPaths(body!.plan)).toContain("Index Scan using conversations_context_idx on conversations");
      expect(rowsRead(body!.plan, "conversations")).toBe(51);
      expect(indexEntriesRead(body!.plan)).toBe(0);
    }
  });

  it("the agency directory (first page, after and before a cursor) and an agency page", async () => {
    // Agencies are public: a whole-table read of them is no leak, but every page the app asks for is one seek.
    const directoryPage = async (query: string, position: DirectoryPosition) => {
      const tree = await expectIndexedPlan(label(query), agenciesPageQuery(supabase, position, AGENCIES_PAGE_SIZE));
      expect(sequentialScans(tree, ["agencies"]), `${query}: ${recorded[label(query)]!.join("; ")}`).toEqual([]);
      expect(rowsRead(tree, "agencies")).toBeLessThanOrEqual(AGENCIES_PAGE_SIZE + 1);
    };
    await directoryPage("directory page 1", null);
    const [row] = await withClient(
      stack.dbUrl,
      async (client) =>
        (
          await client.query<{ name: string; id: string }>(
            "select name, id from public.agencies where slug = 'scale-agency-5000'",
          )
        ).rows,
    );
    const cursor = agencyCursorParam.parse(encodeAgencyCursor({ name: row!.name, id: row!.id }));
    await directoryPage("directory page after a cursor", { after: cursor });
    await directoryPage("directory page before a cursor", { before: cursor });
    const bySlug = await expectIndexedPlan(label("agency by slug"), agencyBySlugQuery(supabase, "scale-agency-5000"));
    expect(sequentialScans(bySlug, ["agencies"])).toEqual([]);
  });
});
