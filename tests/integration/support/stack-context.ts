// Type of what tests/integration/global-setup.ts provides: `inject("stack")` in any integration test.
export type ProvidedStack = {
  /** Gateway URL (what NEXT_PUBLIC_SUPABASE_URL points to), e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  /** Superuser connection string of the stack's throwaway database. */
  dbUrl: string;
  /** PostgREST itself, without the gateway. */
  restUrl: string;
  /** "pglite" (embedded, in memory) or "postgres" (a fresh it_<random> database on DATABASE_URL's server). */
  kind: "pglite" | "postgres";
  /** `supabase status -o env` values: API_URL, DB_URL, JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY, PUBLISHABLE_KEY, SECRET_KEY, NEXT_PUBLIC_*. */
  env: Record<string, string>;
};

declare module "vitest" {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}
