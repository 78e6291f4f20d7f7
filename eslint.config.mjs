import { basename } from "node:path";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** kebab-case names, with dotted suffixes (`send-message-button.test.tsx`, `database.types.ts`). */
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** One file-name case across the repository (folders are Next.js route segments and may use [] or ()). */
const fileNameCase = {
  meta: { type: "suggestion", schema: [], messages: { kebab: "File name '{{name}}' is not kebab-case." } },
  create(context) {
    return {
      Program(node) {
        const name = basename(context.filename);
        if (!KEBAB_CASE.test(name)) context.report({ node, messageId: "kebab", data: { name } });
      },
    };
  },
};

/** Who may import whom. A zone forbids files under `target` to import from `from`. */
const boundaries = [
  { target: "./lib", from: "./app", message: "lib/ is below app/: it never imports a page or route." },
  { target: "./lib", from: "./components", message: "lib/ is below components/: move shared code into lib/." },
  { target: "./components", from: "./app", message: "components/ never import a page or route." },
  {
    target: ["./lib/db", "./lib/http", "./lib/auth", "./lib/supabase", "./lib/messages"],
    from: "./lib/browser",
    message: "lib/browser/ holds modules that run in the browser; server modules never import them.",
  },
  {
    target: "./lib/browser",
    from: ["./lib/db", "./lib/http", "./lib/auth", "./lib/supabase", "./lib/messages/send", "./lib/messages/read"],
    message: "lib/browser/ runs in the browser: it never imports a server module.",
  },
  {
    target: "./packages",
    from: ["./app", "./components", "./lib", "./tests", "./scripts"],
    message: "Workspace packages never import the app.",
  },
];

/** The local stack is used through its package name and exports only, never through its files. */
const packageInternals = {
  group: ["local-supabase/*", "!local-supabase/supabase-base.sql", "**/packages/local-supabase/**"],
  message: "Import local-supabase by its package name (its exports), not its files.",
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"], // where the next config registers the import plugin
    plugins: { repo: { rules: { "file-name-case": fileNameCase } } },
    // Follow imports through our own files only (cycles and boundaries are about the repository's code).
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "repo/file-name-case": "error",
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-restricted-paths": ["error", { zones: boundaries }],
    },
  },
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
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    rules: { "no-restricted-imports": ["error", { patterns: [packageInternals] }] },
  },
  {
    // Short functions: a longer one is a phase or a use case that wants its own module (tests excluded).
    files: ["{app,components,lib,packages,scripts}/**/*.{ts,tsx,mjs}"],
    ignores: ["**/*.test.{ts,tsx}", "packages/*/test/**"],
    rules: { "max-lines-per-function": ["error", { max: 150, IIFEs: true }] },
  },
  {
    // The data layer raises AppError codes (lib/errors); which HTTP status they become is lib/http's business.
    files: ["lib/db/**", "lib/messages/**", "lib/errors/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            packageInternals,
            { group: ["@/lib/http/*", "next/server", "@/app/*"], message: "The data layer imports no HTTP module." },
          ],
        },
      ],
    },
  },
  {
    // Server modules say so at the top; the browser's never do (lib/browser, see the boundaries above).
    files: ["lib/browser/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [packageInternals],
          paths: [{ name: "server-only", message: "lib/browser/ runs in the browser." }],
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
            packageInternals,
            { group: ["@/lib/http/*"], message: "lib/auth must not import lib/http (lib/http imports lib/auth)." },
          ],
        },
      ],
    },
  },
];

export default config;
