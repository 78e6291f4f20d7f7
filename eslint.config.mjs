import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-e2e/**",
      ".next-measured/**",
      "node_modules/**",
      "next-env.d.ts",
      "supabase/.temp/**",
      ".supabase-local/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
    ],
  },
  {
    // The data layer raises AppError codes (lib/errors); which HTTP status they become is lib/http's business.
    files: ["lib/db/**", "lib/messages/**", "lib/errors/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/http/*", "next/server", "@/app/*"], message: "The data layer imports no HTTP module." },
          ],
        },
      ],
    },
  },
  {
    // lib/http/api-route.ts calls lib/auth; lib/auth must not import lib/http back (no cycle).
    files: ["lib/auth/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/http/*"], message: "lib/auth must not import lib/http (lib/http imports lib/auth)." },
          ],
        },
      ],
    },
  },
];

export default config;
