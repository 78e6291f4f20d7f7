import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { refreshGrant, SESSION_COOKIE, sessionCookieFor } from "@/tests/support/msw/handlers/auth";
import { server } from "@/tests/support/msw/server";

const alice = "11111111-1111-4111-8111-111111111111";

async function page(url: string, headers: Record<string, string> = {}) {
  return proxy(new NextRequest(url, { headers }));
}

describe("proxy.ts", () => {
  it("refreshes the session into HttpOnly, SameSite=Lax cookies, not Secure over http", async () => {
    server.use(refreshGrant(alice));
    const response = await page("http://app.test/agencies", {
      cookie: await sessionCookieFor(alice, { expiresInSeconds: 30 }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/^sb-supabase-auth-token=base64-/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("makes them Secure when the page is served over https", async () => {
    server.use(refreshGrant(alice));
    const response = await page("http://app.test/agencies", {
      cookie: await sessionCookieFor(alice, { expiresInSeconds: 30 }),
      "x-forwarded-proto": "https",
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; Secure/i);
  });

  it("sends a CSP with a fresh nonce and hands the same policy to the page render", async () => {
    const [a, b] = [await page("http://app.test/agencies"), await page("http://app.test/agencies")];
    const csp = a.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // NextResponse.next({ request: { headers } }) passes request headers on as x-middleware-request-*.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("hands the page render a request id for its Supabase calls, keeping a valid one the caller sent", async () => {
    const given = await page("http://app.test/agencies", { "x-request-id": "page-load-1" });
    expect(given.headers.get("x-middleware-request-x-request-id")).toBe("page-load-1");
    const made = await page("http://app.test/agencies", { "x-request-id": "not a token; drop table" });
    expect(made.headers.get("x-middleware-request-x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends the request id with the proxy's own session refresh", async () => {
    const seen: (string | null)[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.url.includes("/auth/v1/token")) seen.push(request.headers.get("x-request-id"));
    });
    server.use(refreshGrant(alice));
    await page("http://app.test/agencies", {
      cookie: await sessionCookieFor(alice, { expiresInSeconds: 30 }),
      "x-request-id": "page-load-2",
    });
    server.events.removeAllListeners("request:start");
    expect(seen).toEqual(["page-load-2"]);
  });

  it("reads a session cookie holding a malformed token as signed out instead of throwing", async () => {
    const header = Buffer.from("not json").toString("base64url");
    const session = { access_token: `${header}.e30.c2ln`, refresh_token: "r", expires_at: 9_999_999_999 };
    const cookie = `${SESSION_COOKIE}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
    const response = await page("http://app.test/messages", { cookie });
    expect(response.headers.get("content-security-policy")).toBeTruthy();
  });
});

describe("proxy.ts matcher", () => {
  const runs = (url: string) => unstable_doesMiddlewareMatch({ config, url });

  it("runs on every page, including paths that end like a file (/agencies/x.png renders the 404 page)", () => {
    for (const path of ["/", "/agencies", "/agencies/x.png", "/agencies/x.svg", "/messages/a.jpg", "/login"]) {
      expect(runs(path), path).toBe(true);
    }
  });

  it("skips only the API, Next.js's static files and images, and the app's icons, by exact path", () => {
    for (const path of ["/api/health", "/_next/static/chunks/a.js", "/_next/image", "/favicon.ico", "/icon.svg"]) {
      expect(runs(path), path).toBe(false);
    }
    expect(runs("/icon.svg.html"), "a page that merely starts like the icon").toBe(true);
  });
});
