// axe-core in the browser: WCAG 2.0 and 2.1, levels A and AA.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe on the page as it is now and fails with one line per violation and element. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const lines = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact ?? "?"}): ${node.target.join(" ")} — ${node.failureSummary ?? ""}`,
    ),
  );
  expect(lines, `axe found WCAG 2.1 A/AA violations on "${state}"`).toEqual([]);
}
