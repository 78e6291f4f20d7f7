// `npm run bench:pages`: only the bench's page rows (phases/pages.ts), on the same set-up as `npm run bench`.
// Prints the page table and the page targets; writes nothing. Exits 1 on a wrong answer (a page that did not
// answer 200, a call not counted under its page's id, an "API error" in the app's log), never on a timing.
// Settings: those of run.ts (BENCH_RUNS, BENCH_DURATION, BENCH_PAGES_CONNECTIONS, DATABASE_URL).
import { readSettings } from "./context.ts";
import { measurePages, pageSettings } from "./phases/pages.ts";
import { renderPages } from "./report.ts";
import { setUpBench, type BenchRun } from "./set-up.ts";
import { pageTargets, pageWrongAnswers } from "./verdict.ts";

const log = (line: string) => process.stderr.write(`[bench:pages] ${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const settings = readSettings(process.env);
  const { connections } = pageSettings(process.env);
  let run: BenchRun | null = null;
  const onSignal = () => {
    log("interrupted: cleaning up");
    void (run?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    run = await setUpBench(settings, log);
    const pages = await measurePages(run.context, connections, run.captureFile);
    const lines = [
      `${settings.runs} runs × ${settings.durationS} s per row, medians.`,
      "",
      ...renderPages(pages),
      "",
      ...pageTargets(pages).map((t) => `- ${t.met ? "met" : "**not met**"}: ${t.target} — measured ${t.measured}`),
    ];
    process.stdout.write("\n" + lines.join("\n") + "\n");
    const apiErrors = run.context.app.stderrLines().filter((l) => l.includes("API error")).length;
    const wrong = pageWrongAnswers(pages);
    if (apiErrors) wrong.push(`the app server logged ${apiErrors} "API error" lines`);
    for (const line of wrong) log(`FAILED: ${line}`);
    if (wrong.length) process.exitCode = 1;
    log(`${Math.round((Date.now() - started) / 1000)} s in all`);
  } finally {
    await run?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pages failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
