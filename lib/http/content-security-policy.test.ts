import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, realtimeOrigin } from "@/lib/http/content-security-policy";

const connectSrc = (csp: string) => csp.split("; ").find((directive) => directive.startsWith("connect-src"));

describe("contentSecurityPolicy connect-src", () => {
  it("allows Realtime's websocket on the Supabase origin only, with the scheme the URL implies", () => {
    expect(
      connectSrc(contentSecurityPolicy("n", { dev: false, https: false, supabaseUrl: "http://127.0.0.1:54321" })),
    ).toBe("connect-src 'self' ws://127.0.0.1:54321");
    expect(
      connectSrc(contentSecurityPolicy("n", { dev: false, https: true, supabaseUrl: "https://abc.supabase.co/" })),
    ).toBe("connect-src 'self' wss://abc.supabase.co");
  });

  it("allows only the app itself when no Supabase URL is known", () => {
    expect(connectSrc(contentSecurityPolicy("n", { dev: false, https: false }))).toBe("connect-src 'self'");
  });

  it("never widens to a scheme or a whole host family", () => {
    expect(realtimeOrigin("https://abc.supabase.co/some/path?x=1")).toBe("wss://abc.supabase.co");
    expect(realtimeOrigin("http://localhost:8000")).toBe("ws://localhost:8000");
  });
});
