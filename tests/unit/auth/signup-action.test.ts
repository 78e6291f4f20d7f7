import { HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signUp } from "@/app/signup/actions";
import { TOO_MANY_ATTEMPTS_MESSAGE, UNAVAILABLE_MESSAGE } from "@/lib/auth/auth-error-message";
import { SESSION_COOKIE } from "@/tests/support/msw/handlers/auth";
import { authError, authFlows, confirmationSent, signedIn } from "@/tests/support/msw/handlers/auth-flows";
import { server } from "@/tests/support/msw/server";
import { newRequest, request } from "@/tests/support/next-headers";
import { redirectOrResult } from "@/tests/support/redirect-target";

vi.mock("next/headers", () => import("@/tests/support/next-headers"));

const ORIGIN = "http://127.0.0.1:3100";
const userId = "22222222-2222-4222-8222-222222222222";

function form(fields: Record<string, string>) {
  const data = new FormData();
  const all = {
    email: "new@example.com",
    password: "secret-pass",
    displayName: "Nora New",
    next: "/agencies/acme-travel",
  };
  for (const [name, value] of Object.entries({ ...all, ...fields })) data.set(name, value);
  return data;
}

beforeEach(() => newRequest(ORIGIN));

describe("signUp (server action) against Auth's /signup", () => {
  it("sends the display name as metadata and the next page as redirect_to; signed in, it goes to next", async () => {
    const signup = authFlows.signup(() => signedIn(userId));
    server.use(signup.handler);

    expect(await redirectOrResult(() => signUp({}, form({})))).toEqual({ redirectedTo: "/agencies/acme-travel" });
    expect(signup.calls).toHaveLength(1);
    expect(signup.calls[0]!.body).toMatchObject({
      email: "new@example.com",
      password: "secret-pass",
      data: { display_name: "Nora New" },
    });
    expect(signup.calls[0]!.query.get("redirect_to")).toBe(`${ORIGIN}/agencies/acme-travel`);
    expect([...request.cookies.keys()].some((name) => name.startsWith(SESSION_COOKIE))).toBe(true);
  });

  it("with confirmations on (no session) says 'check your email', signed out", async () => {
    server.use(authFlows.signup(() => confirmationSent("new@example.com")).handler);
    expect(await redirectOrResult(() => signUp({}, form({})))).toEqual({ result: { checkEmail: "new@example.com" } });
    // Only the PKCE code verifier (@supabase/ssr's flow) is kept; no session.
    expect([...request.cookies.keys()].filter((name) => !name.endsWith("-code-verifier"))).toEqual([]);
  });

  it("sends a hostile next nowhere but home, and never puts another host in redirect_to", async () => {
    const signup = authFlows.signup(() => signedIn(userId));
    server.use(signup.handler);
    expect(await redirectOrResult(() => signUp({}, form({ next: "//evil.example" })))).toEqual({ redirectedTo: "/" });
    expect(signup.calls[0]!.query.get("redirect_to")).toBe(`${ORIGIN}/`);
  });

  it.each([
    ["a taken address", authError(422, "user_already_exists", "User already registered"), "email", /already exists/],
    [
      "a weak password, in Auth's words",
      authError(422, "weak_password", "Password should be at least 6 characters."),
      "password",
      /^Password should be at least 6 characters\.$/,
    ],
    ["an address Auth refuses", authError(400, "email_address_invalid", "Email address is invalid"), "email", /valid/],
  ])("shows %s next to its field, keeping what was typed", async (_name, answer, field, message) => {
    server.use(authFlows.signup(() => answer.clone()).handler);
    const outcome = await redirectOrResult(() => signUp({}, form({})));
    expect(outcome).toEqual({
      result: {
        values: { email: "new@example.com", displayName: "Nora New" },
        fieldErrors: { [field]: expect.stringMatching(message) },
      },
    });
  });

  it.each([
    [
      "too many attempts (429)",
      authError(429, "over_request_rate_limit", "Request rate limit reached"),
      TOO_MANY_ATTEMPTS_MESSAGE,
    ],
    ["Auth failing (500)", authError(500, "unexpected_failure", "Unexpected failure"), UNAVAILABLE_MESSAGE],
    ["no answer", HttpResponse.error(), UNAVAILABLE_MESSAGE],
  ])("says %s about the whole form", async (_name, answer, message) => {
    server.use(authFlows.signup(() => answer.clone()).handler);
    const outcome = await redirectOrResult(() => signUp({}, form({})));
    expect(outcome).toMatchObject({ result: { formError: message } });
  });

  it("refuses bad input before calling Auth (an unhandled request would fail the test)", async () => {
    const outcome = await redirectOrResult(() =>
      signUp({}, form({ email: "not-an-email", password: "", displayName: "Bob\u202e" })),
    );
    expect(outcome).toEqual({
      result: {
        values: { email: "not-an-email", displayName: "Bob\u202e" },
        fieldErrors: {
          email: "Enter a valid email address.",
          password: "Choose a password.",
          displayName: "Remove line breaks and invisible formatting characters.",
        },
      },
    });
  });
});
