// Agencies for tests and benchmarks, inserted as the database superuser (the app has no API that creates them).
import { withClient } from "local-supabase";

/** Inserts `n` agencies; returns their ids in insertion order. */
export async function createAgencies(dbUrl: string, n: number, label = "agency"): Promise<string[]> {
  const tag = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
  return withClient(dbUrl, async (c) => {
    const r = await c.query<{ id: string }>(
      `insert into public.agencies (name, slug, description)
       select 'Agency ' || g, $1 || '-' || g, 'Benchmark agency ' || g from generate_series(1, $2::int) g
       order by g returning id`,
      [tag, n],
    );
    return r.rows.map((row) => row.id);
  });
}
