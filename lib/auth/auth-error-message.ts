import { isAuthRetryableFetchError } from "@supabase/supabase-js";

export type AuthErrorLike = { status?: number; code?: string; message?: string; name?: string };

/** Which field an error is about, so the form can show it next to that field. */
export type AuthErrorField = "email" | "password" | "form";

export type AuthErrorMessage = { field: AuthErrorField; message: string };

export const UNAVAILABLE_MESSAGE = "This is unavailable right now. Please try again in a moment.";
export const TOO_MANY_ATTEMPTS_MESSAGE = "Too many attempts. Please wait a few minutes, then try again.";

/**
 * A Supabase Auth error in words a person understands, tied to the field it is about. Codes are Supabase Auth's
 * (`error_code` in its JSON); the weak-password text is Auth's own, as it states the project's rule.
 */
export function authErrorMessage(error: AuthErrorLike): AuthErrorMessage {
  if (isAuthUnavailable(error)) {
    return { field: "form", message: UNAVAILABLE_MESSAGE };
  }
  if (error.status === 429 || error.code?.startsWith("over_")) {
    return { field: "form", message: TOO_MANY_ATTEMPTS_MESSAGE };
  }
  switch (error.code) {
    case "user_already_exists":
    case "email_exists":
      return {
        field: "email",
        message: "An account with this email already exists. Sign in, or reset your password.",
      };
    case "weak_password":
      return { field: "password", message: error.message || "Choose a stronger password." };
    case "email_address_invalid":
    case "email_address_not_authorized":
      return { field: "email", message: "Enter a valid email address." };
    case "signup_disabled":
    case "email_provider_disabled":
      return { field: "form", message: "New accounts cannot be created right now." };
    case "same_password":
      return { field: "password", message: "Choose a password different from your current one." };
    case "invalid_credentials":
      return { field: "form", message: "Invalid login credentials" };
    case "email_not_confirmed":
      return { field: "form", message: "Confirm your email address first: follow the link we sent you." };
  }
  return { field: "form", message: error.message || "That did not work. Please check what you entered." };
}

/** No answer from Auth, or a 5xx: the person did nothing wrong, and trying again later may work. */
export function isAuthUnavailable(error: AuthErrorLike): boolean {
  return isAuthRetryableFetchError(error) || (error.status ?? 0) >= 500 || error.status === 0;
}
