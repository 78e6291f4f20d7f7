// The page rows: `/`, `/agencies`, an agency page, the inbox and a thread, each signed in (session cookie) as a
// customer and as staff of the agency. Per page: a sequential sample whose Supabase calls the gateway counts per
// `x-request-id` (proxy.ts hands the id to every Supabase call of the render), the PostgREST reads of one render
// as the app sent them (capture-supabase-calls.ts), a load row, and each of those reads made raw at the same
// connections (less those `/` makes too, which its p50 prices), the target's floor. BENCH_PAGES=off skips the phase; BENCH_PAGES_CONNECTIONS (16).
import { readFile, rm } from "node:fs/promises";
import {
  createUser,
  gatewayStats,
  PUBLISHABLE_KEY,
  resetGatewayStats,
  sessionCookie,
  withClient,
} from "local-supabase";
import { CAPTURE_PREFIX } from "../capture-supabase-calls.ts";
import { measure, settle, type BenchContext, type Scenario } from "../context.ts";
import { median, positive } from "../numbers.ts";
import type { CapturedCall, PageRole, PageRow, PagesResult } from "../result.ts";

export const PAGE_SAMPLE = 5;
/** A data page's p50 may be at most this × (`/`'s p50 + its own PostgREST reads made raw). */
export const PAGE_P50_FACTOR = 1.5;
/** Every data page must serve at least this many renders a second at the measured connections. */
export const PAGE_MIN_RPS = 100;

export function pageSettings(env: NodeJS.ProcessEnv): { enabled: boolean; connections: number } {
  const value = env.BENCH_PAGES ?? "on";
  if (value !== "on" && value !== "off") throw new Error(`BENCH_PAGES must be on or off (got ${value})`);
  return { enabled: value === "on", connections: positive(env.BENCH_PAGES_CONNECTIONS, 16) };
}

type Actor = { role: PageRole; cookie: string; token: string };
type PageSpec = { name: string; path: string; data: boolean };

/** The customer is fixtures user 0 (one inquiry to agency 0); staff is a new member of agency 0. */
async function actors({ stack, fixtures }: BenchContext) {
  const agencyId = fixtures.existingAgencies[0]!;
  const staff = await createUser(stack.apiUrl, "pages-staff");
  const slug = await withClient(stack.dbUrl, async (c) => {
    await c.query("insert into public.agency_members (agency_id, user_id) values ($1, $2)", [agencyId, staff.id]);
    return (await c.query<{ slug: string }>("select slug from public.agencies where id = $1", [agencyId])).rows[0]!
      .slug;
  });
  const customer = fixtures.users[0]!;
  const pages: PageSpec[] = [
    { name: "home", path: "/", data: false },
    { name: "agencies", path: "/agencies", data: true },
    { name: "agency", path: `/agencies/${slug}`, data: true },
    { name: "inbox", path: "/messages", data: true },
    { name: "thread", path: `/messages/conversations/${fixtures.existingConversations[0]}`, data: true },
  ];
  const people: Actor[] = [
    { role: "customer", cookie: sessionCookie(stack.apiUrl, customer.session), token: customer.accessToken },
    { role: "staff", cookie: sessionCookie(stack.apiUrl, staff.session), token: staff.accessToken },
  ];
  return { pages, people };
}

/** Renders `page` PAGE_SAMPLE times in a row with known request ids; what the gateway and the capture saw. */
async function sample(context: BenchContext, captureFile: string, page: PageSpec, actor: Actor) {
  const { app, stack } = context;
  // One render first, not counted: the first in the process also fetches what it then caches (the JWKS).
  const warm = await fetch(`${app.url}${page.path}`, { headers: { cookie: actor.cookie }, redirect: "manual" });
  await warm.arrayBuffer();
  await settle(stack.apiUrl);
  await resetGatewayStats(stack.apiUrl);
  await rm(captureFile, { force: true });
  const ids: string[] = [];
  const statuses: Record<string, number> = {};
  let htmlBytes = 0;
  for (let i = 0; i < PAGE_SAMPLE; i++) {
    const id = `${CAPTURE_PREFIX}${page.name}-${actor.role}-${i}-${crypto.randomUUID().slice(0, 8)}`;
    ids.push(id);
    const res = await fetch(`${app.url}${page.path}`, {
      headers: { cookie: actor.cookie, "x-request-id": id },
      redirect: "manual",
    });
    htmlBytes = (await res.arrayBuffer()).byteLength;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  const stats = await gatewayStats(stack.apiUrl);
  const auth = ids.map((id) => stats.byRequestId[id]?.auth ?? 0);
  const rest = ids.map((id) => stats.byRequestId[id]?.rest ?? 0);
  const captured = (await readFile(captureFile, "utf8").catch(() => ""))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CapturedCall & { id: string });
  const restReads = captured
    .filter((call) => call.id === ids[0] && call.method === "GET" && new URL(call.url).pathname.startsWith("/rest/"))
    .map(({ method, url }) => ({ method, url }));
  return {
    statuses,
    htmlBytes,
    restReads,
    calls: { auth: median(auth), rest: median(rest), max: Math.max(...auth.map((a, i) => a + rest[i]!)) },
    gatewayTotalPerRender: (stats.services.auth.total + stats.services.rest.total) / PAGE_SAMPLE,
  };
}

/** `captureFile`: where the app, started with capture-supabase-calls.ts, appends its captured calls. */
export async function measurePages(
  context: BenchContext,
  connections: number,
  captureFile: string,
): Promise<PagesResult> {
  const started = Date.now();
  const { pages, people } = await actors(context);
  const counter = { n: 0 };
  const rows: PageRow[] = [];
  for (const actor of people) {
    let homeP50 = NaN;
    const homeReads = new Set<string>();
    for (const page of pages) {
      const seen = await sample(context, captureFile, page, actor);
      const scenario: Scenario = {
        name: `page-${page.name}-${actor.role}`,
        label: `${page.path} as ${actor.role}`,
        url: `${context.app.url}${page.path}`,
        target: () => ({ kind: "rest", headers: { cookie: actor.cookie } }),
      };
      await settle(context.stack.apiUrl);
      const load = await measure(context, scenario, connections, counter);
      if (page.name === "home") homeP50 = load.p50;
      // `/` makes the reads every page makes (the header's profile): its p50 already prices them.
      if (page.name === "home") seen.restReads.forEach((read) => homeReads.add(read.url));
      const ownReads = page.data ? seen.restReads.filter((read) => !homeReads.has(read.url)) : [];
      const rawReadP50s: number[] = [];
      for (const [i, read] of ownReads.entries()) {
        await settle(context.stack.apiUrl);
        const raw = await measure(
          context,
          {
            name: `raw-${page.name}-${actor.role}-${i}`,
            label: `raw read ${i + 1} of ${page.path} as ${actor.role}`,
            url: read.url,
            target: () => ({
              kind: "rest",
              headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${actor.token}` },
            }),
          },
          connections,
          counter,
        );
        rawReadP50s.push(raw.p50);
      }
      const floor = homeP50 + rawReadP50s.reduce((sum, p50) => sum + p50, 0);
      rows.push({
        name: page.name,
        role: actor.role,
        path: page.path,
        data: page.data,
        calls: seen.calls,
        gatewayTotalPerRender: seen.gatewayTotalPerRender,
        restReads: seen.restReads,
        sampleStatuses: seen.statuses,
        htmlBytes: seen.htmlBytes,
        load,
        rawReadP50s,
        p50Bound: Math.round(PAGE_P50_FACTOR * floor * 10) / 10,
      });
      context.log(
        `page ${page.path} as ${actor.role}: ${seen.calls.auth} auth + ${seen.calls.rest} rest calls, ${seen.htmlBytes} HTML bytes, raw reads p50 ${JSON.stringify(rawReadP50s)}`,
      );
    }
  }
  context.log(`pages: ${rows.length} page rows in ${Math.round((Date.now() - started) / 1000)} s`);
  return { connections, sample: PAGE_SAMPLE, rows };
}
