import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { revalidatePath } from "next/cache";
import { updateDisplayName } from "@/app/account/actions";
import { DATABASE_REFUSED_NAME } from "@/app/account/display-name-schema";
import { sessionCookieFor } from "@/tests/support/msw/handlers/auth";
import { server } from "@/tests/support/msw/server";
import { REST_URL } from "@/tests/support/msw/supabase-url";
import { newRequest } from "@/tests/support/next-headers";

vi.mock("next/headers", () => import("@/tests/support/next-headers"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const ORIGIN = "http://127.0.0.1:3100";
const userId = "44444444-4444-4444-8444-444444444444";

function form(displayName: string) {
  const data = new FormData();
  data.set("displayName", displayName);
  return data;
}

/** PATCH /rest/v1/profiles, recorded; `answer` plays PostgREST. */
function profilesPatch(answer: () => Response) {
  const calls: { body: unknown; query: URLSearchParams }[] = [];
  const handler = http.patch(`${REST_URL}/profiles`, async ({ request }) => {
    calls.push({ body: await request.json(), query: new URL(request.url).searchParams });
    return answer();
  });
  return { handler, calls };
}

beforeEach(async () => {
  vi.clearAllMocks();
  newRequest(ORIGIN, await sessionCookieFor(userId));
});

describe("updateDisplayName (server action)", () => {
  it("renames the signed-in person's profile, trimmed, and refreshes the header", async () => {
    const patch = profilesPatch(() => HttpResponse.json({ display_name: "Nora N." }));
    server.use(patch.handler);
    expect(await updateDisplayName({}, form("  Nora N.  "))).toEqual({ saved: "Nora N." });
    expect(patch.calls[0]!.body).toEqual({ display_name: "Nora N." });
    expect(patch.calls[0]!.query.get("id")).toBe(`eq.${userId}`);
    expect(revalidatePath).toHaveBeenCalledWith("/", "layout");
  });

  it("shows the database's refusal inline and keeps what was typed (the old name stays)", async () => {
    const refusal = {
      code: "23514",
      message: 'new row for relation "profiles" violates check constraint "display_name_rule"',
      details: null,
      hint: null,
    };
    server.use(profilesPatch(() => HttpResponse.json(refusal, { status: 400 })).handler);
    expect(await updateDisplayName({}, form("Looks fine"))).toEqual({
      typed: "Looks fine",
      fieldError: DATABASE_REFUSED_NAME,
    });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("refuses what the schema knows is wrong without a request", async () => {
    expect(await updateDisplayName({}, form("x".repeat(81)))).toEqual({
      typed: "x".repeat(81),
      fieldError: "Use at most 80 characters.",
    });
    expect(await updateDisplayName({}, form("\u3000 "))).toMatchObject({ fieldError: expect.any(String) });
  });

  it("says 'unavailable' when PostgREST cannot reach the database", async () => {
    server.use(profilesPatch(() => HttpResponse.json({ code: "", message: "" }, { status: 503 })).handler);
    expect(await updateDisplayName({}, form("Nora"))).toMatchObject({
      formError: expect.stringMatching(/unavailable/),
    });
  });

  it("asks a signed-out person to sign in again", async () => {
    newRequest(ORIGIN);
    expect(await updateDisplayName({}, form("Nora"))).toMatchObject({ formError: expect.stringMatching(/Sign in/) });
  });
});
