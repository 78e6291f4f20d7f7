import { testStack } from "@/tests/integration/support/stack";
import { gatewayStats } from "local-supabase";
import { withDatabase } from "./database.ts";

export type InsertRaces = {
  /** How many conversation inserts lost to a concurrent one (23505) since `watchConversationInsertRaces()`. */
  lost(): Promise<number>;
};

/**
 * Watches for conversation inserts that hit the unique index, so a test can prove the 23505 → re-select path
 * ran. On the stack this run started, the gateway counts PostgREST's 409 / 23505 answers. A Supabase running
 * elsewhere has no such counter, so PostgreSQL's own statistics stand in: `pg_stat_user_tables.n_tup_ins`
 * counts every row an insert wrote, also when its transaction then failed, and only committed rows add to
 * `n_live_tup` (deletes take from it and add to `n_tup_del`). So `n_tup_ins - n_tup_del - n_live_tup` grows by
 * exactly the inserts that failed — here, on the unique index — whenever the backends report.
 */
export async function watchConversationInsertRaces(): Promise<InsertRaces> {
  if (testStack().kind !== "running") {
    const conflicts = async () => (await gatewayStats(testStack().apiUrl)).conflicts["23505"] ?? 0;
    const before = await conflicts();
    return { lost: async () => (await conflicts()) - before };
  }

  const before = await failedInserts();
  return {
    // Backends report their statistics when they go idle, at most once a second (or up to 10 s later when the
    // shared statistics are busy): wait for a count above zero.
    async lost() {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const lost = (await failedInserts()) - before;
        if (lost > 0 || Date.now() > deadline) return lost;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
}

function failedInserts(): Promise<number> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select n_tup_ins - n_tup_del - n_live_tup as n
         from pg_stat_user_tables where schemaname = 'public' and relname = 'conversations'`,
    );
    return Number(rows[0]!.n);
  });
}
