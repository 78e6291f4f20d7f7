// Phase 2: the load rows. Each path at each connection count: GET /api/health (Next.js alone), a raw PostgREST
// read and a raw PostgREST insert of a message (the floor's parts), and both paths of the POST.
import { PUBLISHABLE_KEY } from "local-supabase";
import { measure, settle, type BenchContext, type Scenario } from "../context.ts";
import { ratio } from "../numbers.ts";
import type { Figure } from "../result.ts";

/** Agencies per create-path run: users × this many distinct new pairs. */
export const CREATE_SLICE = 60;

export function loadScenarios({ app, stack, conversationsUrl, fixtures }: BenchContext): Scenario[] {
  const { tokens, users, existingAgencies, existingConversations } = fixtures;
  return [
    {
      name: "health",
      label: "GET /api/health (Next.js, no I/O)",
      url: `${app.url}/api/health`,
      target: () => ({ kind: "health" }),
    },
    {
      name: "rest",
      label: "GET /rest/v1/agencies?select=id&limit=1 (PostgREST via gateway)",
      url: `${stack.apiUrl}/rest/v1/agencies?select=id&limit=1`,
      target: () => ({ kind: "rest", headers: { apikey: PUBLISHABLE_KEY } }),
    },
    {
      name: "rest-insert",
      label: "POST /rest/v1/messages as the user, into their conversation (PostgREST via gateway)",
      url: `${stack.apiUrl}/rest/v1/messages?select=*`,
      target: () => ({
        kind: "rest-insert",
        apikey: PUBLISHABLE_KEY,
        tokens,
        senders: users.map((user) => user.id),
        conversations: existingConversations,
      }),
    },
    {
      name: "existing",
      label: "POST conversations, conversation exists",
      url: conversationsUrl,
      target: () => ({ kind: "existing", tokens, agencies: existingAgencies }),
    },
    {
      name: "create",
      label: "POST conversations, new agency-user pair",
      url: conversationsUrl,
      target: () => ({ kind: "create", tokens, agencies: fixtures.takeAgencies(CREATE_SLICE) }),
    },
  ];
}

export async function measureLoadRows(context: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const scenario of loadScenarios(context)) {
    const counter = { n: 0 };
    for (const connections of context.settings.connections) {
      await settle(context.stack.apiUrl); // nothing left over from the previous row
      figures.push(await measure(context, scenario, connections, counter));
    }
  }
  const baseline = (name: string, c: number) => figures.find((f) => f.scenario === name && f.connections === c)!;
  for (const f of figures) {
    const rest = baseline("rest", f.connections);
    const health = baseline("health", f.connections);
    f.ratios = {
      p50VsRest: ratio(f.p50, rest.p50),
      p50VsHealth: ratio(f.p50, health.p50),
      rpsVsRest: ratio(f.rps, rest.rps),
      rpsVsHealth: ratio(f.rps, health.rps),
    };
  }
  return figures;
}
