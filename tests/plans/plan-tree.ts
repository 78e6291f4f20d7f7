// Reading PostgreSQL's `explain (format json)` output.

export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
} & Record<string, unknown>;

/** Every node of the plan, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/** "Seq Scan on messages" for every sequential scan of one of `tables`. */
export function sequentialScans(plan: PlanNode, tables: string[]): string[] {
  return planNodes(plan)
    .filter((node) => node["Node Type"] === "Seq Scan" && tables.includes(node["Relation Name"] ?? ""))
    .map((node) => `Seq Scan on ${node["Relation Name"]}`);
}

/** A one-line summary of how each table is read: "Index Scan using messages_pkey on messages", … */
export function accessPaths(plan: PlanNode): string[] {
  return planNodes(plan)
    .filter((node) => node["Relation Name"] || node["Index Name"])
    .map((node) =>
      node["Index Name"]
        ? `${node["Node Type"]} using ${node["Index Name"]}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}`
        : `${node["Node Type"]} on ${node["Relation Name"]}`,
    );
}

/** Rows the scans of `table` produced (after their filters), over all loops. */
export function rowsRead(plan: PlanNode, table: string): number {
  return planNodes(plan)
    .filter((node) => node["Relation Name"] === table)
    .reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1), 0);
}
