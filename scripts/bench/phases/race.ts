// Phase 4: the race. raceN identical POSTs at once (same user, agency and client_message_id), raceRuns times:
// each must end with one conversation, one message, one 201 and every other answer 200.
import { gatewayStats, withClient } from "local-supabase";
import { settle, type BenchContext } from "../context.ts";
import { median } from "../numbers.ts";
import type { RaceRun } from "../result.ts";
import { runLoadWorker } from "../run-load-worker.ts";
import { summarizeIds } from "./round-trips.ts";

async function countRows(dbUrl: string, agencyId: string, userId: string, clientMessageId: string) {
  return withClient(dbUrl, async (c) => {
    const count = async (sql: string, params: string[]) =>
      Number((await c.query<{ n: string }>(sql, params)).rows[0]!.n);
    return {
      conversations: await count(
        "select count(*) as n from public.conversations where context_id = $1 and created_by = $2",
        [agencyId, userId],
      ),
      messages: await count(
        "select count(*) as n from public.messages where client_message_id = $1 and sender_id = $2",
        [clientMessageId, userId],
      ),
    };
  });
}

export async function runRaces({ settings, stack, conversationsUrl, fixtures, log }: BenchContext) {
  const races: RaceRun[] = [];
  for (let r = 0; r < settings.raceRuns; r++) {
    const user = fixtures.users[r % fixtures.users.length]!;
    const [agency] = fixtures.takeAgencies(1);
    const clientMessageId = crypto.randomUUID();
    await settle(stack.apiUrl);
    const before = await gatewayStats(stack.apiUrl);
    const prefix = `race${r}-${crypto.randomUUID().slice(0, 6)}-`;
    const result = await runLoadWorker(
      {
        mode: "race",
        url: conversationsUrl,
        n: settings.raceN,
        headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          context_type: "agency_inquiry",
          context_id: agency,
          initial_message: "The race",
          client_message_id: clientMessageId,
        }),
        requestIdPrefix: prefix,
      },
      120_000,
    );
    const after = await gatewayStats(stack.apiUrl);
    const perId = summarizeIds(
      after,
      Array.from({ length: settings.raceN }, (_, i) => `${prefix}${i}`),
    );
    const distribution: Record<string, number> = {};
    for (const t of perId.totals) distribution[t] = (distribution[t] ?? 0) + 1;
    const race: RaceRun = {
      wallMs: Math.round(result.wallMs),
      p50: Math.round(median(result.latencies)),
      statuses: result.statuses,
      failures: result.failures,
      uniqueViolations: (after.conflicts["23505"] ?? 0) - (before.conflicts["23505"] ?? 0),
      roundTripsPerRequest: distribution,
      rows: await countRows(stack.dbUrl, agency!, user.id, clientMessageId),
    };
    log(
      `race ${r + 1}: all ${settings.raceN} answered in ${race.wallMs} ms, statuses ${JSON.stringify(race.statuses)}, 23505 × ${race.uniqueViolations}, rows ${JSON.stringify(race.rows)}`,
    );
    races.push(race);
  }
  return races;
}
