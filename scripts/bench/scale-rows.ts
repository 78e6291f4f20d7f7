// The bench's scale rows: the same requests measured twice in one run, first on the bench's own small data
// ("seed size"), then after loading marketplace-scale data into the same database with one bulk SQL script
// (scripts/scale/scale-data.ts). Done when every scale row's p50 is at most 1.5× its seed-size p50.
//
// BENCH_SCALE: "full" (default: 1,019,995 messages, 200,000 conversations, 20,000 users), "10m" (10,019,995
// messages, 2,000,000 conversations, an agency with 200,000 inquiries; the load alone takes minutes, not for CI),
// "plan" (the plan tests' 100,000 conversations; for a quick run) or "off".
// Hostile whole-table reads are measured as a user who owns nothing, a customer and agency staff; besides the
// ratio they must answer within HOSTILE_P50_TARGET_MS at the scale size.
import {
  createUsers,
  PUBLISHABLE_KEY,
  sessionCookie,
  passwordSession,
  withClient,
  type Session,
  type User,
} from "local-supabase";
import { createAgencies } from "../test-harness/agencies.ts";
import {
  FULL_SCALE,
  PLAN_SCALE,
  SCALE_PASSWORD,
  SCALE_SIZES,
  scaleActors,
  loadScaleData,
  scaleRowCounts,
  scaleUserEmail,
  type ScaleSize,
} from "../scale/scale-data.ts";
import type { Target } from "./load-worker.ts";

export type ScaleScenario = { name: string; label: string; url: string; target: () => Target };
export type ScaleFigure = {
  scenario: string;
  label: string;
  connections: number;
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
};
export type ScaleRow = {
  scenario: string;
  label: string;
  connections: number;
  seed: ScaleFigure;
  scale: ScaleFigure;
  ratio: number;
  met: boolean;
};
export type ScaleResult = {
  size: ScaleSizeSetting;
  rows: ReturnType<typeof scaleRowCounts>;
  loadMs: number;
  connections: number;
  comparisons: ScaleRow[];
};

type ScaleSizeSetting = "full" | "10m" | "plan";

const RATIO_TARGET = 1.5;
const HOSTILE_P50_TARGET_MS = 20;
const POST_USERS = 32;

type Context = {
  appUrl: string;
  apiUrl: string;
  dbUrl: string;
  log: (line: string) => void;
  /** Measures one scenario at `connections` (the bench's own measure: warm-up, runs, medians). */
  measure: (scenario: ScaleScenario, connections: number) => Promise<ScaleFigure>;
  /** Loads one scenario briefly, unmeasured. */
  warmUp: (scenario: ScaleScenario, connections: number) => Promise<void>;
  settle: () => Promise<void>;
};

function sizeSetting(): { name: ScaleSizeSetting; size: ScaleSize } | null {
  const value = process.env.BENCH_SCALE ?? "full";
  if (value === "off") return null;
  if (value === "plan") return { name: "plan", size: PLAN_SCALE };
  if (value === "full") return { name: "full", size: FULL_SCALE };
  if (value === "10m") return { name: "10m", size: SCALE_SIZES["10m"] };
  throw new Error(`BENCH_SCALE must be full, 10m, plan or off (got ${value})`);
}

/** The requests of the scale rows, for one set of actors. */
function scenarios(
  ctx: Context,
  actors: {
    poster: { tokens: string[]; existingAgencies: string[]; newAgencies: () => string[] };
    customer: Session;
    checkAgencyId: string;
    staff: Session;
    threadViewer: Session;
    threadId: string;
    nobody: Session;
  },
): ScaleScenario[] {
  const bearer = (s: Session) => ({ authorization: `Bearer ${s.access_token}` });
  const cookie = (s: Session) => ({ cookie: sessionCookie(ctx.apiUrl, s) });
  const conversations = `${ctx.appUrl}/api/messages/conversations`;
  return [
    {
      name: "check",
      label: "the button's check (GET conversations?context…&limit=1)",
      url: `${conversations}?context_type=agency_inquiry&context_id=${actors.checkAgencyId}&limit=1`,
      target: () => ({ kind: "rest", headers: bearer(actors.customer) }),
    },
    {
      name: "existing",
      label: "POST conversations, conversation exists",
      url: conversations,
      target: () => ({ kind: "existing", tokens: actors.poster.tokens, agencies: actors.poster.existingAgencies }),
    },
    {
      name: "create",
      label: "POST conversations, new agency-user pair",
      url: conversations,
      target: () => ({ kind: "create", tokens: actors.poster.tokens, agencies: actors.poster.newAgencies() }),
    },
    {
      name: "customer-inbox",
      label: "customer inbox page (/messages)",
      url: `${ctx.appUrl}/messages`,
      target: () => ({ kind: "rest", headers: cookie(actors.customer) }),
    },
    {
      name: "agency-inbox",
      label: "agency staff inbox page (/messages)",
      url: `${ctx.appUrl}/messages`,
      target: () => ({ kind: "rest", headers: cookie(actors.staff) }),
    },
    {
      name: "thread",
      label: "thread page (newest 50)",
      url: `${ctx.appUrl}/messages/conversations/${actors.threadId}`,
      target: () => ({ kind: "rest", headers: cookie(actors.threadViewer) }),
    },
    ...hostileReads(ctx, [
      ["nobody", "a user who owns nothing", actors.nobody],
      ["customer", "a customer", actors.customer],
      ["staff", "agency staff", actors.staff],
    ]),
  ];
}

/** Whole-table reads with a limit and neither filter nor order, as each kind of user: row-level security alone narrows them. */
function hostileReads(ctx: Context, readers: [string, string, Session][]): ScaleScenario[] {
  return readers.flatMap(([who, description, session]) =>
    (["messages", "conversations", "profiles"] as const).map((table) => ({
      name: `hostile-${table}${who === "nobody" ? "" : `-${who}`}`,
      label: `/rest/v1/${table}?select=id&limit=1000 as ${description}`,
      url: `${ctx.apiUrl}/rest/v1/${table}?select=id&limit=1000`,
      target: () => ({
        kind: "rest" as const,
        headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${session.access_token}` },
      }),
    })),
  );
}

/** New agencies for the create rows, handed out in slices so no (user, agency) pair repeats. */
async function agencySupply(dbUrl: string, n: number, label: string) {
  const ids = await createAgencies(dbUrl, n, label);
  let next = 0;
  return (slice = 200) => {
    const out = ids.slice(next, next + slice);
    next += slice;
    if (out.length < slice) throw new Error("scale bench: out of agencies for the create row");
    return out;
  };
}

export async function measureScaleRows(ctx: Context, connections: number): Promise<ScaleResult | null> {
  const setting = sizeSetting();
  if (!setting) {
    ctx.log("scale rows: skipped (BENCH_SCALE=off)");
    return null;
  }
  const runsPerRow = 8; // generous: warm-up and runs each take a slice

  // Seed size: the bench's small world. A customer with one inquiry, staff of that agency, one short thread.
  const seedUsers: User[] = await createUsers(ctx.apiUrl, "scale-seed", POST_USERS + 2);
  const [staffUser, nobodyUser, ...posters] = seedUsers;
  const seedAgencies = await createAgencies(ctx.dbUrl, POST_USERS, "scale-seed");
  const seedThread = await withClient(ctx.dbUrl, async (c) => {
    await c.query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [
      seedAgencies[0],
      staffUser!.id,
    ]);
    const rows = await c.query<{ id: string }>(
      `insert into public.conversations (context_type, context_id, created_by)
       select 'agency_inquiry', a.agency, a.customer from unnest($1::uuid[], $2::uuid[]) as a(agency, customer)
       returning id`,
      [seedAgencies, posters.map((p) => p.id)],
    );
    await c.query(
      `insert into public.messages (conversation_id, sender_id, body)
       select c.id, c.created_by, 'Hello ' || n from public.conversations c, generate_series(1, 3) n
       where c.id = any($1::uuid[])`,
      [rows.rows.map((r) => r.id)],
    );
    return (
      await c.query<{ id: string }>("select id from public.conversations where context_id = $1", [seedAgencies[0]])
    ).rows[0]!.id;
  });
  const seedSupply = await agencySupply(ctx.dbUrl, runsPerRow * 200, "scale-seed-new");
  const seedScenarios = scenarios(ctx, {
    poster: {
      tokens: posters.map((p) => p.accessToken),
      existingAgencies: seedAgencies,
      newAgencies: () => seedSupply(),
    },
    customer: posters[0]!.session,
    checkAgencyId: seedAgencies[0]!,
    staff: staffUser!.session,
    threadViewer: staffUser!.session,
    threadId: seedThread,
    nobody: nobodyUser!.session,
  });
  // Both sizes start from a checkpoint (loadScaleData ends with one), so that neither shares the cores with
  // PostgreSQL writing out earlier work; a timed checkpoint then comes 5 minutes later at the earliest.
  await withClient(ctx.dbUrl, (c) => c.query("checkpoint"));
  // Every request of a size once before any is measured: the first row measured must not pay alone for
  // what a first request costs (plans made anew after the load, caches filled, new sessions).
  for (const scenario of seedScenarios) await ctx.warmUp(scenario, connections);
  const seedFigures: ScaleFigure[] = [];
  for (const scenario of seedScenarios) {
    await ctx.settle();
    seedFigures.push(await ctx.measure(scenario, connections));
  }

  // Scale size: load the data into this same database, then the same requests as the scale actors.
  const counts = scaleRowCounts(setting.size);
  ctx.log(
    `scale rows: loading ${counts.messages} messages, ${counts.conversations} conversations, ${counts.users} users (bulk SQL)…`,
  );
  const loadStarted = Date.now();
  await loadScaleData(ctx.dbUrl, setting.size);
  const loadMs = Date.now() - loadStarted;
  ctx.log(`scale rows: loaded in ${(loadMs / 1000).toFixed(1)} s`);

  const sign = (email: string) => passwordSession(ctx.apiUrl, email, SCALE_PASSWORD);
  // Customers 1..POST_USERS all wrote to big agency 1: their POSTs find an existing inquiry.
  const scalePosters = await Promise.all(
    Array.from({ length: POST_USERS }, (_, i) => sign(scaleUserEmail("customer", i + 1))),
  );
  const scaleSupply = await agencySupply(ctx.dbUrl, runsPerRow * 200, "scale-new");
  const scaleScenarios = scenarios(ctx, {
    poster: {
      tokens: scalePosters.map((s) => s.access_token),
      existingAgencies: scalePosters.map(() => scaleActors.staff.agencyId),
      newAgencies: () => scaleSupply(),
    },
    customer: await sign(scaleActors.customerWithMany.email),
    checkAgencyId: scaleActors.staff.agencyId,
    staff: await sign(scaleActors.staff.email),
    threadViewer: await sign(scaleActors.staff.email),
    threadId: scaleActors.bigThreadId,
    nobody: await sign(scaleActors.customerWithNothing.email),
  });
  for (const scenario of scaleScenarios) await ctx.warmUp(scenario, connections);
  const comparisons: ScaleRow[] = [];
  for (const [i, scenario] of scaleScenarios.entries()) {
    await ctx.settle();
    const scale = await ctx.measure(scenario, connections);
    const seed = seedFigures[i]!;
    const ratio = seed.p50 > 0 ? scale.p50 / seed.p50 : scale.p50 === 0 ? 1 : Infinity;
    comparisons.push({
      scenario: scenario.name,
      label: scenario.label,
      connections,
      seed,
      scale,
      ratio: Math.round(ratio * 100) / 100,
      // A row that completed no request within its runs has no p50 (0): it is not met, whatever its ratio says.
      met:
        seed.rps > 0 &&
        scale.rps > 0 &&
        ratio <= RATIO_TARGET &&
        scale.non2xx === 0 &&
        scale.errors === 0 &&
        (!scenario.name.startsWith("hostile-") || scale.p50 <= HOSTILE_P50_TARGET_MS),
    });
  }
  return { size: setting.name, rows: counts, loadMs, connections, comparisons };
}

export function renderScaleRows(result: ScaleResult): string[] {
  const lines: string[] = [];
  lines.push(
    `Scale rows (${result.size}: ${result.rows.messages} messages, ${result.rows.conversations} conversations, ${result.rows.users} users, loaded by bulk SQL in ${(result.loadMs / 1000).toFixed(0)} s), ${result.connections} connections, same run:`,
  );
  lines.push("");
  lines.push(
    "| request | seed p50 ms | scale p50 ms | scale ÷ seed | scale p99 ms | scale req/s | non-2xx / errors | ≤ 1.5× (hostile: and ≤ 20 ms) |",
  );
  lines.push("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const row of result.comparisons) {
    lines.push(
      `| ${row.label} | ${row.seed.p50} | ${row.scale.p50} | ${row.ratio.toFixed(2)} | ${row.scale.p99} | ${row.scale.rps.toFixed(0)} | ${row.scale.non2xx} / ${row.scale.errors} | ${row.met ? "met" : "**not met**"} |`,
    );
  }
  return lines;
}
