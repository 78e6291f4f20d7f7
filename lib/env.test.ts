import { describe, expect, it } from "vitest";
import { readSupabaseEnv } from "@/lib/env";

describe("readSupabaseEnv", () => {
  it("accepts the local stack's settings and defaults the server-side timeout", () => {
    const env = readSupabaseEnv({
      NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:54321",
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x",
    });
    expect(env.SUPABASE_REQUEST_TIMEOUT_MS).toBe(8000);
  });

  it("names every missing or malformed setting in one error", () => {
    expect(() => readSupabaseEnv({ NEXT_PUBLIC_SUPABASE_URL: "not a url" })).toThrow(
      /NEXT_PUBLIC_SUPABASE_URL must be the URL[\s\S]*NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is missing/,
    );
  });
});
