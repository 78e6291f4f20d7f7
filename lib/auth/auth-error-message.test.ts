import { AuthApiError, AuthRetryableFetchError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { authErrorMessage, TOO_MANY_ATTEMPTS_MESSAGE, UNAVAILABLE_MESSAGE } from "./auth-error-message";

const apiError = (status: number, code: string, message = "Auth said no") => new AuthApiError(message, status, code);

describe("authErrorMessage", () => {
  it("ties a taken address to the email field", () => {
    expect(authErrorMessage(apiError(422, "user_already_exists"))).toMatchObject({ field: "email" });
    expect(authErrorMessage(apiError(422, "email_exists")).message).toMatch(/already exists/);
  });

  it("shows Auth's own weak-password text, which states the project's rule", () => {
    const error = apiError(422, "weak_password", "Password should be at least 6 characters.");
    expect(authErrorMessage(error)).toEqual({
      field: "password",
      message: "Password should be at least 6 characters.",
    });
  });

  it("ties an invalid address to the email field", () => {
    expect(authErrorMessage(apiError(400, "email_address_invalid"))).toEqual({
      field: "email",
      message: "Enter a valid email address.",
    });
  });

  it("says 'too many attempts' for any 429 and the over_* codes", () => {
    expect(authErrorMessage(apiError(429, "over_request_rate_limit")).message).toBe(TOO_MANY_ATTEMPTS_MESSAGE);
    expect(authErrorMessage(apiError(429, "over_email_send_rate_limit")).message).toBe(TOO_MANY_ATTEMPTS_MESSAGE);
    expect(authErrorMessage(apiError(429, "")).message).toBe(TOO_MANY_ATTEMPTS_MESSAGE);
  });

  it("says 'unavailable' for a 5xx or no answer, never Auth's internal text", () => {
    expect(authErrorMessage(apiError(500, "unexpected_failure", "pq: relation"))).toEqual({
      field: "form",
      message: UNAVAILABLE_MESSAGE,
    });
    expect(authErrorMessage(new AuthRetryableFetchError("fetch failed", 0)).message).toBe(UNAVAILABLE_MESSAGE);
  });

  it("falls back to Auth's message for another 4xx", () => {
    expect(authErrorMessage(apiError(400, "validation_failed", "Unable to validate email address"))).toEqual({
      field: "form",
      message: "Unable to validate email address",
    });
  });
});
