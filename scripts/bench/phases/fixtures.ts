// Phase 1: the rows every later phase uses: users with one conversation each, and a pool of agencies nobody has
// written to yet (for the create path, the round-trip samples and the races).
import { createUsers, type Stack } from "local-supabase";
import { createAgencies } from "../../test-harness/agencies.ts";
import { inquiry, postJson, type Fixtures } from "../context.ts";
import type { BenchSettings } from "../result.ts";
import { CREATE_SLICE } from "./load-rows.ts";
import { ROUND_TRIP_SAMPLE } from "./round-trips.ts";

export async function createFixtures(
  stack: Stack,
  conversationsUrl: string,
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<Fixtures> {
  const started = Date.now();
  const users = await createUsers(stack.apiUrl, "bench", settings.users);
  const existingAgencies = await createAgencies(stack.dbUrl, settings.users, "existing");
  const existingConversations = await Promise.all(
    users.map(async (user, i) => {
      const r = await postJson(conversationsUrl, user.accessToken, inquiry(existingAgencies[i]!, "Hello"));
      if (r.status !== 201) throw new Error(`setup conversation: HTTP ${r.status} ${JSON.stringify(r.json)}`);
      return (r.json as { data: { id: string } }).data.id;
    }),
  );
  const createRuns = settings.connections.length * (settings.runs + 1);
  const pool = await createAgencies(
    stack.dbUrl,
    createRuns * CREATE_SLICE + 2 * ROUND_TRIP_SAMPLE + settings.raceRuns,
    "create",
  );
  let taken = 0;
  log(
    `fixtures: ${users.length} users with a conversation each, ${pool.length} agencies for new pairs (${Date.now() - started} ms)`,
  );
  return {
    users,
    tokens: users.map((user) => user.accessToken),
    existingAgencies,
    existingConversations,
    takeAgencies(n) {
      const slice = pool.slice(taken, taken + n);
      taken += n;
      if (slice.length < n) throw new Error("out of benchmark agencies");
      return slice;
    },
  };
}
