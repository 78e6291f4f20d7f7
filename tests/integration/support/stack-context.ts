// Type of what tests/integration/global-setup.ts provides: `inject("stack")` in any integration test.
export type ProvidedStack = {
  /** Gateway URL (what NEXT_PUBLIC_SUPABASE_URL points to), e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  /** Superuser connection string of the stack's throwaway database. */
  dbUrl: string;
  /** PostgREST itself, without the gateway. */
  restUrl: string;
  /**
   * "pglite" (embedded, in memory) or "postgres" (a fresh it_<random> database on DATABASE_URL's server): the
   * stack this run started. "running": a Supabase started elsewhere (`npm run test:supabase`), where only what
   * every Supabase has can be relied on (no /_stack/stats).
   */
  kind: "pglite" | "postgres" | "running";
  /**
   * `supabase status -o env` values: API_URL, DB_URL, PUBLISHABLE_KEY and SECRET_KEY (on a running Supabase
   * filled from ANON_KEY / SERVICE_ROLE_KEY when only those are given), JWT_SECRET, …, NEXT_PUBLIC_*.
   */
  env: Record<string, string>;
  /** Starts the e-mail addresses and agency slugs this run makes, so that teardown finds exactly those. */
  runTag: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}
