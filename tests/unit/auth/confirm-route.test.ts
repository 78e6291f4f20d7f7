import { NextRequest } from "next/server";
import { HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/auth/confirm/route";
import { SESSION_COOKIE } from "@/tests/support/msw/handlers/auth";
import { authError, authFlows, signedIn } from "@/tests/support/msw/handlers/auth-flows";
import { server } from "@/tests/support/msw/server";
import { newRequest, request } from "@/tests/support/next-headers";
import { redirectOrResult } from "@/tests/support/redirect-target";

vi.mock("next/headers", () => import("@/tests/support/next-headers"));

const ORIGIN = "http://127.0.0.1:3100";
const userId = "33333333-3333-4333-8333-333333333333";
const open = (query: string) =>
  redirectOrResult(() =>
    GET(new NextRequest(`${ORIGIN}/auth/confirm?${query}`, { headers: { host: "127.0.0.1:3100" } })),
  );
const next = encodeURIComponent(`${ORIGIN}/agencies/acme-travel`);

beforeEach(() => newRequest(ORIGIN));

describe("GET /auth/confirm", () => {
  it("verifies the token_hash, signs the person in and goes to next", async () => {
    const verify = authFlows.verify(() => signedIn(userId));
    server.use(verify.handler);
    expect(await open(`token_hash=hash-1&type=email&next=${next}`)).toEqual({ redirectedTo: "/agencies/acme-travel" });
    expect(verify.calls[0]!.body).toMatchObject({ token_hash: "hash-1", type: "email" });
    expect([...request.cookies.keys()].some((name) => name.startsWith(SESSION_COOKIE))).toBe(true);
  });

  it("sends a verified reset link to the new-password page", async () => {
    server.use(authFlows.verify(() => signedIn(userId)).handler);
    expect(await open(`token_hash=hash-2&type=recovery&next=${next}`)).toEqual({ redirectedTo: "/update-password" });
  });

  it("sends an expired or used link to the error page, keeping type and next, signed out", async () => {
    server.use(authFlows.verify(() => authError(403, "otp_expired", "Email link is invalid or has expired")).handler);
    expect(await open(`token_hash=old&type=email&next=${next}`)).toEqual({
      redirectedTo: "/auth/error?type=email&next=%2Fagencies%2Facme-travel",
    });
    expect([...request.cookies.keys()].some((name) => name.startsWith(SESSION_COOKIE))).toBe(false);
  });

  it("says 'unavailable' (not 'expired') when Auth does not answer", async () => {
    server.use(authFlows.verify(() => HttpResponse.error()).handler);
    expect(await open("token_hash=h&type=email")).toEqual({
      redirectedTo: "/auth/error?type=email&next=%2F&reason=unavailable",
    });
  });

  it("refuses an incomplete link or another host in next without calling Auth", async () => {
    expect(await open("type=email")).toEqual({ redirectedTo: "/auth/error?type=email&next=%2F" });
    expect(await open("token_hash=h&type=sms")).toEqual({ redirectedTo: "/auth/error?next=%2F" });
    server.use(authFlows.verify(() => signedIn(userId)).handler);
    expect(await open(`token_hash=h&type=email&next=${encodeURIComponent("https://evil.example/x")}`)).toEqual({
      redirectedTo: "/",
    });
  });
});
