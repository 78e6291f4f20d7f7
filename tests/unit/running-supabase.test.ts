import { describe, expect, it } from "vitest";
import { parseEnvOutput, readRunningSupabase } from "@/tests/support/running-supabase";

describe("settings of a running Supabase (`supabase status -o env`)", () => {
  it('reads KEY="value" lines and ignores everything else', () => {
    const text = [
      "> agency-messages@0.1.0 stack",
      'API_URL="http://127.0.0.1:54321"',
      "DB_URL=postgresql://postgres:postgres@127.0.0.1:54322/postgres",
      "# a comment",
      "export JWT_SECRET='super-secret'",
      'QUOTED="say \\"hi\\""',
      "",
    ].join("\n");
    expect(parseEnvOutput(text)).toEqual({
      API_URL: "http://127.0.0.1:54321",
      DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
      JWT_SECRET: "super-secret",
      QUOTED: 'say "hi"',
    });
  });

  it("takes the new API keys, or the legacy JWT keys when only those are given", () => {
    const base = { API_URL: "http://127.0.0.1:54321/", DB_URL: "postgresql://db" };
    const both = readRunningSupabase({
      ...base,
      PUBLISHABLE_KEY: "sb_publishable_x",
      ANON_KEY: "anon.jwt",
      SECRET_KEY: "sb_secret_x",
      SERVICE_ROLE_KEY: "service.jwt",
      GRAPHQL_URL: "ignored",
    });
    expect(both).toMatchObject({
      ok: true,
      supabase: { apiUrl: "http://127.0.0.1:54321", publishableKey: "sb_publishable_x", secretKey: "sb_secret_x" },
    });
    expect(both.ok && Object.keys(both.supabase.env)).not.toContain("GRAPHQL_URL");
    expect(readRunningSupabase({ ...base, ANON_KEY: "anon.jwt", SERVICE_ROLE_KEY: "service.jwt" })).toMatchObject({
      ok: true,
      supabase: { publishableKey: "anon.jwt", secretKey: "service.jwt" },
    });
  });

  it("names what is missing", () => {
    expect(readRunningSupabase({ API_URL: "http://x", ANON_KEY: "" })).toEqual({
      ok: false,
      missing: ["DB_URL", "PUBLISHABLE_KEY (or ANON_KEY)", "SECRET_KEY (or SERVICE_ROLE_KEY)"],
    });
  });
});
