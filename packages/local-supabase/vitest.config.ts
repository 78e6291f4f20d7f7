import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "local-supabase",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Minutes long: vitest.soak.config.ts runs them.
    exclude: ["test/soak/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
