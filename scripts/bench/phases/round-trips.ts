// Phase 3: Supabase round trips per request, counted by the gateway per x-request-id over a sequential sample:
// the existing path, the create path, and a retry of a stored send (which must be replayed, not stored again).
import { gatewayStats, resetGatewayStats } from "local-supabase";
import { inquiry, postJson, settle, type BenchContext } from "../context.ts";
import { median } from "../numbers.ts";
import type { RoundTrips } from "../result.ts";

export const ROUND_TRIP_SAMPLE = 20;
/** Recorded instead of 200 when a retried send answered 200 without `message_replayed`. */
export const STORED_AGAIN = 2001;

/** Auth and REST calls the gateway counted for each of `ids`: median and max, and every total. */
export function summarizeIds(stats: Awaited<ReturnType<typeof gatewayStats>>, ids: string[]) {
  const auth = ids.map((id) => stats.byRequestId[id]?.auth ?? 0);
  const rest = ids.map((id) => stats.byRequestId[id]?.rest ?? 0);
  const total = ids.map((_, i) => auth[i]! + rest[i]!);
  const mm = (xs: number[]) => ({ median: median(xs), max: Math.max(...xs) });
  return { auth: mm(auth), rest: mm(rest), total: mm(total), totals: total };
}

async function sample(
  apiUrl: string,
  path: RoundTrips["path"],
  send: (requestId: string, i: number) => Promise<number>,
): Promise<RoundTrips> {
  await settle(apiUrl);
  await resetGatewayStats(apiUrl);
  const ids: string[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < ROUND_TRIP_SAMPLE; i++) {
    const id = `rt-${path}-${i}-${crypto.randomUUID().slice(0, 8)}`;
    ids.push(id);
    const status = await send(id, i);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const stats = await gatewayStats(apiUrl);
  const s = summarizeIds(stats, ids);
  return {
    path,
    sample: ROUND_TRIP_SAMPLE,
    statuses,
    perRequest: { auth: s.auth, rest: s.rest, total: s.total },
    gatewayTotalPerRequest: {
      auth: stats.services.auth.total / ROUND_TRIP_SAMPLE,
      rest: stats.services.rest.total / ROUND_TRIP_SAMPLE,
    },
  };
}

export async function measureRoundTrips({ stack, conversationsUrl, fixtures, log }: BenchContext) {
  const { tokens, existingAgencies } = fixtures;
  const users = tokens.length;
  const post = async (token: string, body: unknown, id: string) =>
    (await postJson(conversationsUrl, token, body, id)).status;

  const existing = await sample(stack.apiUrl, "existing", (id, i) =>
    post(tokens[i % users]!, inquiry(existingAgencies[i % users]!, "round trip"), id),
  );
  const fresh = fixtures.takeAgencies(ROUND_TRIP_SAMPLE);
  const create = await sample(stack.apiUrl, "create", (id, i) =>
    post(tokens[i % users]!, inquiry(fresh[i]!, "round trip"), id),
  );
  // A retry of an already stored send (same client_message_id): conversation exists, message replayed.
  const replays = Array.from({ length: ROUND_TRIP_SAMPLE }, (_, i) => ({
    token: tokens[i % users]!,
    body: inquiry(existingAgencies[i % users]!, `retry ${i}`),
  }));
  for (const r of replays) {
    const first = await postJson(conversationsUrl, r.token, r.body);
    if (first.status !== 200) throw new Error(`replay setup: HTTP ${first.status} ${JSON.stringify(first.json)}`);
  }
  const replay = await sample(stack.apiUrl, "replay", async (id, i) => {
    const r = await postJson(conversationsUrl, replays[i]!.token, replays[i]!.body, id);
    const replayed = (r.json as { data?: { message_replayed?: boolean } }).data?.message_replayed === true;
    return r.status === 200 && !replayed ? STORED_AGAIN : r.status;
  });
  for (const rt of [existing, create, replay]) {
    log(
      `round trips ${rt.path}: auth ${rt.perRequest.auth.median} (max ${rt.perRequest.auth.max}), rest ${rt.perRequest.rest.median} (max ${rt.perRequest.rest.max}); gateway total per request ${rt.gatewayTotalPerRequest.auth + rt.gatewayTotalPerRequest.rest}`,
    );
  }
  return [existing, create, replay];
}
