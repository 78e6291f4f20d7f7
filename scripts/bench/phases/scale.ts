// Phase 6, last because it loads a million rows into the bench's database: the scale rows (seed size, then scale
// size; scale-rows.ts).
import type { AutocannonJob } from "../load-worker.ts";
import { measure, settle, type BenchContext } from "../context.ts";
import { runLoadWorker } from "../run-load-worker.ts";
import { measureScaleRows } from "../scale-rows.ts";

export async function measureScale(context: BenchContext, connections: number) {
  const { app, stack, settings, log } = context;
  const counter = { n: 0 };
  return measureScaleRows(
    {
      appUrl: app.url,
      apiUrl: stack.apiUrl,
      dbUrl: stack.dbUrl,
      log,
      settle: () => settle(stack.apiUrl),
      measure: (scenario, c) => measure(context, { ...scenario, target: () => scenario.target() }, c, counter),
      warmUp: async (scenario, c) => {
        const job: AutocannonJob = {
          mode: "autocannon",
          url: scenario.url,
          connections: c,
          duration: settings.warmupS,
          target: scenario.target(),
        };
        await runLoadWorker(job);
      },
    },
    connections,
  );
}
