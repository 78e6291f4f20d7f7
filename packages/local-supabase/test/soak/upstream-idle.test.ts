// PostgREST closing idle kept-alive connections must never reach a client as a 502. PostgREST 12 runs on Warp,
// whose timeout manager passes over its connections every 30 s: a connection without network progress since the
// previous pass is closed, so an idle connection lives 30 to 60 s, and all expired ones close at the same pass.
// For two minutes, rounds of POST bursts are sent, each after every kept-alive connection idled past Warp's 30 s,
// through two gateways:
//   - the stack's own, which drops idle connections after 15 s, before Warp would;
//   - one that keeps them until PostgREST closes them (upstreamIdleTimeoutMs: 0), as the gateway did before: it
//     reuses connections Warp has closed or is closing, and must resend instead of answering 502.
// Every POST must be answered 201. Run: npx vitest run --config packages/local-supabase/vitest.soak.config.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway } from "../../src/gateway.ts";
import type { GatewayStats } from "../../src/gateway-stats.ts";
import {
  SECRET_KEY,
  createThrowawayDatabase,
  loadSigningKeys,
  startStack,
  withClient,
  type Stack,
  type ThrowawayDatabase,
} from "../../src/index.ts";

const WORKDIR = fileURLToPath(new URL("../fixture-project", import.meta.url));
const SOAK_MS = 120_000;
const BURST = 200;
/** Warp's timeout (the least an idle connection lives) and a margin. */
const IDLE_MS = 30_000 + 1_000;

let dataDir: string;
let db: ThrowawayDatabase | null = null;
let stack: Stack;
let keepingIdle: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "gw-soak-"));
  db = process.env.DATABASE_URL ? await createThrowawayDatabase(process.env.DATABASE_URL, "gw_soak") : null;
  stack = await startStack({ databaseUrl: db?.url, dataDir, pgliteDir: "memory://", ports: "auto", workdir: WORKDIR });
  keepingIdle = await startGateway({
    host: "127.0.0.1",
    port: 0,
    postgrestUrl: stack.restUrl,
    databaseUrl: stack.dbUrl,
    signingKeys: await loadSigningKeys(dataDir),
    apiUrl: "http://127.0.0.1",
    upstreamIdleTimeoutMs: 0,
  });
});

afterAll(async () => {
  await keepingIdle?.close();
  await stack?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const until = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** BURST POSTs at once through a gateway; the statuses that came back. */
async function burst(apiUrl: string, first: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const res = await fetch(`${apiUrl}/rest/v1/notes`, {
        method: "POST",
        headers: { apikey: SECRET_KEY, "content-type": "application/json", prefer: "return=minimal" },
        body: JSON.stringify({ body: `${apiUrl} ${first + i}` }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
}

const stats = async (apiUrl: string) => (await (await fetch(`${apiUrl}/_stack/stats`)).json()) as GatewayStats;

it(
  "bursts of POSTs on connections that idled past Warp's timeout, for two minutes: every one 201, none 502",
  async () => {
    const started = Date.now();
    const gateways = [stack.apiUrl, keepingIdle.url];
    const statuses: number[] = [];
    let rounds = 0;
    for (; Date.now() - started < SOAK_MS; rounds++) {
      if (rounds > 0) await until(started + rounds * IDLE_MS);
      const results = await Promise.all(gateways.map((url) => burst(url, rounds * BURST)));
      statuses.push(...results.flat());
    }
    const [own, keeping] = await Promise.all(gateways.map(stats));
    console.log(
      `soak: ${rounds} rounds in ${Math.round((Date.now() - started) / 1000)} s, ${statuses.length} POSTs; resends: ` +
        `stack gateway ${JSON.stringify(own!.upstreamRetries)}, gateway without idle timeout ` +
        `${JSON.stringify(keeping!.upstreamRetries)}`,
    );
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    for (const s of [own!, keeping!]) expect(s.services.rest.byStatus).toEqual({ "201": rounds * BURST });
    const rows = await withClient(stack.dbUrl, (c) =>
      c.query<{ n: string }>("select count(*) as n from public.notes where body <> 'seeded'"),
    );
    expect(Number(rows.rows[0]!.n)).toBe(statuses.length);
  },
  SOAK_MS + 90_000,
);
