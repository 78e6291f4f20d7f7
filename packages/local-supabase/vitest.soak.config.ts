import { defineConfig } from "vitest/config";

// Long-running tests (minutes), kept out of `npm test`: npx vitest run --config packages/local-supabase/vitest.soak.config.ts
export default defineConfig({
  test: {
    name: "local-supabase-soak",
    root: import.meta.dirname,
    include: ["test/soak/**/*.test.ts"],
    environment: "node",
    hookTimeout: 120_000,
  },
});
