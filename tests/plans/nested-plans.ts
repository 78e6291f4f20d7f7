// Seeing inside a security definer function: PostgREST's explain shows it as one Function Scan.
import type pg from "pg";
import type { PlanNode } from "./plan-tree.ts";

export type NestedPlan = { query: string; plan: PlanNode };

/**
 * The plans (explain analyze) of every statement `sql` runs, those inside the functions it calls included, run as
 * PostgREST runs a request of `userId`: role authenticated with the token's claims. auto_explain reports them to
 * this session as notices; everything is rolled back. `client` must be a superuser's (to load auto_explain).
 */
export async function nestedPlans(
  client: pg.Client,
  userId: string,
  sql: string,
  params: unknown[],
): Promise<NestedPlan[]> {
  const plans: NestedPlan[] = [];
  const collect = (notice: { message?: string }) => {
    const json = notice.message?.split("plan:\n")[1];
    if (!json) return;
    const explained = JSON.parse(json) as { "Query Text": string; Plan: PlanNode };
    plans.push({ query: explained["Query Text"], plan: explained.Plan });
  };
  client.on("notice", collect);
  try {
    await client.query("begin");
    await client.query("load 'auto_explain'");
    for (const setting of [
      "auto_explain.log_min_duration = 0",
      "auto_explain.log_analyze = on",
      "auto_explain.log_nested_statements = on",
      "auto_explain.log_format = json",
      "auto_explain.log_level = notice",
      "client_min_messages = notice",
    ])
      await client.query(`set local ${setting}`);
    await client.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: userId, role: "authenticated" }),
    ]);
    await client.query(sql, params);
    return plans;
  } finally {
    await client.query("rollback");
    client.off("notice", collect);
  }
}
