import { z } from "zod";
import { emailAddress } from "@/lib/auth/email-address";
import { displayNameSchema } from "@/lib/auth/display-name";
import { safeNextPath } from "@/lib/auth/safe-next-path";

/**
 * The sign-up form. The password's strength is Supabase Auth's rule (config.toml's minimum_password_length and
 * password_requirements): Auth says when it is too weak, in its own words. `next` is never trusted.
 */
export const signupFormSchema = z.object({
  email: emailAddress,
  password: z.string().min(1, "Choose a password.").max(72, "Use at most 72 characters."),
  displayName: displayNameSchema,
  next: z.unknown().transform((value) => safeNextPath(value)),
});

export type SignupFields = "email" | "password" | "displayName";

export type SignupFormState = {
  formError?: string;
  fieldErrors?: Partial<Record<SignupFields, string>>;
  /** What was typed (but the password), so the fields keep it after an error. */
  values?: { email?: string; displayName?: string };
  /** Set when Auth sent a confirmation mail instead of signing in: the form becomes "check your email". */
  checkEmail?: string;
};

export function parseSignupForm(formData: FormData) {
  return signupFormSchema.safeParse({
    email: formData.get("email") ?? "",
    password: formData.get("password") ?? "",
    displayName: formData.get("displayName") ?? "",
    next: formData.get("next"),
  });
}

/** The typed text fields, for refilling the form (a File or a missing field reads as empty). */
export function typedSignupValues(formData: FormData): SignupFormState["values"] {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value.slice(0, 1000) : "";
  };
  return { email: text("email"), displayName: text("displayName") };
}
