import { describe, expect, it } from "vitest";
import { isLocalSupabase, readSupabaseEnv } from "@/lib/env";

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

describe("isLocalSupabase", () => {
  it.each(["http://127.0.0.1:54321", "http://localhost:54321", "http://[::1]:54321", "http://127.1.2.3:80"])(
    "is true for the local stack at %s",
    (url) => expect(isLocalSupabase(url)).toBe(true),
  );

  it.each([
    "https://abcdefghij.supabase.co",
    "https://127.0.0.1.evil.example",
    "https://localhost.example.com",
    "http://10.0.0.5:54321",
  ])("is false for %s", (url) => expect(isLocalSupabase(url)).toBe(false));
});
