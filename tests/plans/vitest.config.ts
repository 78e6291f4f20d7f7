import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const alias = { "@": root, "server-only": fileURLToPath(new URL("../support/empty-module.ts", import.meta.url)) };

// `npm run test:plans` (needs DATABASE_URL): the query plans of every request the app sends, at 100k rows, on
// PostgreSQL. See tests/plans/plans.test.ts and docs/database.md.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    name: "plans",
    include: ["tests/plans/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
