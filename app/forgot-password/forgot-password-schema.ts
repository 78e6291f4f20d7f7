import { z } from "zod";

export const forgotPasswordSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
});

export type ForgotPasswordState = {
  formError?: string;
  fieldError?: string;
  email?: string;
  /** The address a reset link was asked for: the form becomes "check your email". */
  sentTo?: string;
};

export function parseForgotPasswordForm(formData: FormData) {
  return forgotPasswordSchema.safeParse({ email: formData.get("email") ?? "" });
}
