// The cost of the broadcast on a send: the existing-conversation POST with the `messages_broadcast_created`
// trigger and without it, in the same run, alternating (on, off, on, off) so drift on a shared machine hits
// both alike. The local stack's NOTIFY on realtime.messages (which hosted Supabase does not have) goes with it.
import { withClient } from "local-supabase";
import { measure, settle, type BenchContext } from "../context.ts";
import { median, ratio, round2 } from "../numbers.ts";
import type { Figure } from "../result.ts";
import { loadScenarios } from "./load-rows.ts";

export type BroadcastTriggerCost = {
  connections: number;
  withTrigger: Figure[];
  withoutTrigger: Figure[];
  /** median p50 with ÷ median p50 without. */
  p50Ratio: number;
};

export const BROADCAST_TRIGGER_TARGET = 1.15;
const TRIGGER = "messages_broadcast_created";

async function setTrigger(dbUrl: string, enabled: boolean): Promise<void> {
  await withClient(dbUrl, (client) =>
    client.query(`alter table public.messages ${enabled ? "enable" : "disable"} trigger ${TRIGGER}`),
  );
}

export async function measureBroadcastTrigger(context: BenchContext): Promise<BroadcastTriggerCost> {
  const scenario = loadScenarios(context).find((s) => s.name === "existing")!;
  const { connections: counts } = context.settings;
  const connections = counts.includes(16) ? 16 : counts.at(-1)!;
  const counter = { n: 1000 };
  const withTrigger: Figure[] = [];
  const withoutTrigger: Figure[] = [];
  try {
    for (let round = 0; round < 2; round++) {
      for (const enabled of [true, false]) {
        await setTrigger(context.stack.dbUrl, enabled);
        await settle(context.stack.apiUrl);
        const figure = await measure(
          context,
          { ...scenario, name: `existing-trigger-${enabled ? "on" : "off"}` },
          connections,
          counter,
        );
        (enabled ? withTrigger : withoutTrigger).push(figure);
      }
    }
  } finally {
    await setTrigger(context.stack.dbUrl, true);
  }
  const p50Ratio = round2(ratio(median(withTrigger.map((f) => f.p50)), median(withoutTrigger.map((f) => f.p50))));
  context.log(`broadcast trigger: existing POST p50 with ÷ without = ${p50Ratio} at ${connections} connections`);
  return { connections, withTrigger, withoutTrigger, p50Ratio };
}

export function renderBroadcastTriggerRow(cost: BroadcastTriggerCost): string[] {
  const p50 = (figures: Figure[]) => median(figures.map((f) => f.p50));
  const rps = (figures: Figure[]) => Math.round(median(figures.map((f) => f.rps)));
  return [
    `The broadcast trigger's cost on POST conversations, conversation exists, at ${cost.connections} connections (alternating runs, same stack):`,
    "",
    "| trigger | p50 ms | req/s |",
    "|---|---:|---:|",
    `| messages_broadcast_created on | ${p50(cost.withTrigger)} | ${rps(cost.withTrigger)} |`,
    `| off | ${p50(cost.withoutTrigger)} | ${rps(cost.withoutTrigger)} |`,
  ];
}

export function broadcastTriggerTarget(cost: BroadcastTriggerCost) {
  return {
    target: `existing-path POST p50 with the broadcast trigger ≤ ${BROADCAST_TRIGGER_TARGET} × without`,
    measured: cost.p50Ratio,
    met: cost.p50Ratio <= BROADCAST_TRIGGER_TARGET,
  };
}
