import { z } from "zod";

const supabaseEnvSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({ error: "must be the URL of your Supabase project, e.g. http://127.0.0.1:54321" }),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.string({ error: "is missing" }).min(1, "is missing"),
  SUPABASE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
});

export type SupabaseEnv = z.infer<typeof supabaseEnvSchema>;

/**
 * The one set of settings the app needs, validated once (instrumentation.ts calls this at start-up).
 * Reads `process.env` at run time on the server, so one build can serve any Supabase project.
 */
export function readSupabaseEnv(source: Record<string, string | undefined> = process.env): SupabaseEnv {
  const parsed = supabaseEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`).join("\n");
    throw new Error(
      `Invalid Supabase settings:\n${problems}\nRun \`npm run dev\` (starts a local stack) or set them in .env.local.`,
    );
  }
  return parsed.data;
}

/**
 * True when the app talks to a Supabase stack on this machine (`npm run dev`, the tests): only there do the
 * seeded demo accounts exist, so only there does the sign-in page mention them.
 */
export function isLocalSupabase(supabaseUrl: string): boolean {
  const host = new URL(supabaseUrl).hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
