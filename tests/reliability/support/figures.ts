// Figures the suite prints at the end: every test file adds its own, the global teardown sums them up.
import { appendFileSync } from "node:fs";
import { afterAll, inject } from "vitest";

export type Figures = {
  requests: number;
  faults: number;
  inputs: number;
  rowsLost: number;
  duplicates: number;
  notes: string[];
};

export const FIGURE_KEYS = ["requests", "faults", "inputs", "rowsLost", "duplicates"] as const;

/** This file's figures; written to the shared figures file after its last test. */
export function fileFigures(file: string): Figures {
  const figures: Figures = { requests: 0, faults: 0, inputs: 0, rowsLost: 0, duplicates: 0, notes: [] };
  afterAll(() => {
    appendFileSync(inject("reliability").figuresFile, JSON.stringify({ file, ...figures }) + "\n");
  });
  return figures;
}
