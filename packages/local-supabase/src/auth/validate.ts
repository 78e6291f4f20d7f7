// Input checks shared by signup and the admin API (GoTrue's messages).
import { badRequest, unprocessable } from "./errors.ts";

export const MIN_PASSWORD_LENGTH = 6;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 255 || !EMAIL_RE.test(normalized)) {
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  }
  return normalized;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw unprocessable("weak_password", `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`, {
      weak_password: { reasons: ["length"] },
    });
  }
}
