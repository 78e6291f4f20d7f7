import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// `npm run test:reliability`: storms, faults, hostile input and access checks against `next start` of the production
// build and the local stack on real PostgreSQL (see docs/reliability.md). One app and one stack for every file.
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    name: "reliability",
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/reliability/global-setup.ts"],
    // Files run one after another: a storm must not share the machine with another file's storm.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
