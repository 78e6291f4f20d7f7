// Input checks shared by sign-up, recovery, user updates and the admin API (GoTrue's rules and messages).
import type { AuthConfig } from "./config.ts";
import { badRequest, unprocessable } from "./errors.ts";

export const MAX_PASSWORD_BYTES = 72;
/** The format GoTrue's validateEmail accepts (checkmail.ValidateFormat): ASCII, a dot-free domain allowed. */
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function checkEmail(email: string): string {
  if (email === "") throw badRequest("validation_failed", "An email address is required");
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  const normalized = email.trim().toLowerCase();
  if (!EMAIL_RE.test(normalized)) {
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  }
  return normalized;
}

/** GoTrue's checkPasswordStrength: minimum_password_length and password_requirements → 422 weak_password. */
export function checkPassword(
  config: Pick<AuthConfig, "minimumPasswordLength" | "requiredCharacters">,
  password: string,
): void {
  const bytes = Buffer.byteLength(password, "utf8");
  if (bytes > MAX_PASSWORD_BYTES) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  const reasons: string[] = [];
  const messages: string[] = [];
  if (bytes < config.minimumPasswordLength) {
    reasons.push("length");
    messages.push(`Password should be at least ${config.minimumPasswordLength} characters.`);
  }
  if (config.requiredCharacters.some((set) => set !== "" && ![...set].some((ch) => password.includes(ch)))) {
    reasons.push("characters");
    messages.push(`Password should contain at least one character of each: ${config.requiredCharacters.join(", ")}.`);
  }
  if (reasons.length > 0) {
    throw unprocessable("weak_password", messages.join(" "), { weak_password: { reasons } });
  }
}
