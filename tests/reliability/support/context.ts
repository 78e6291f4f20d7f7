// What tests/reliability/global-setup.ts provides: `inject("reliability")` in any reliability test.
export type ReliabilityContext = {
  /** `next start` of the production build, with the default Supabase deadline (8 s). */
  appUrl: string;
  /** The stack's gateway (NEXT_PUBLIC_SUPABASE_URL). */
  apiUrl: string;
  /** PostgREST itself, behind the gateway. */
  restUrl: string;
  /** Superuser URL of the throwaway database. */
  dbUrl: string;
  /** Superuser URL of the server's maintenance database (for ALTER DATABASE / pg_terminate_backend). */
  serverUrl: string;
  databaseName: string;
  /** Holds the stack's signing-key.json (to sign expired-but-genuine tokens). */
  dataDir: string;
  /** The stack's settings (NEXT_PUBLIC_SUPABASE_URL, keys, …): what a second `next start` needs. */
  env: Record<string, string>;
  /** JSON lines of figures, one per test file, summed up and printed at the end. */
  figuresFile: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    reliability: ReliabilityContext;
  }
}
