import { z } from "zod";
import { safeNextPath } from "@/lib/auth/safe-next-path";

/** The sign-in form. `next` is never trusted: anything but a same-origin path becomes "/". */
export const loginFormSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  next: z.unknown().transform((value) => safeNextPath(value)),
});

export type LoginFormState = {
  /** A message about the whole form (wrong credentials, service unavailable). */
  formError?: string;
  fieldErrors?: { email?: string; password?: string };
  /** Typed email, sent back so the field keeps it after an error. */
  email?: string;
};

/** Reads the submitted fields through the schema (FormData.get returns File | string | null). */
export function parseLoginForm(formData: FormData) {
  return loginFormSchema.safeParse({
    email: formData.get("email") ?? "",
    password: formData.get("password") ?? "",
    next: formData.get("next"),
  });
}
