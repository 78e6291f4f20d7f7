import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const alias = { "@": root, "server-only": fileURLToPath(new URL("../support/empty-module.ts", import.meta.url)) };

// `npm run test:plans:10m`: query plans at 2M conversations and 10M messages (seed:scale --size 10m). Not in CI:
// the load alone takes minutes. See tests/plans-10m/plans-10m.test.ts and docs/database.md.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    name: "plans-10m",
    include: ["tests/plans-10m/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
  },
});
