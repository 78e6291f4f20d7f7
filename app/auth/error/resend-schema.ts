import { z } from "zod";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const resendFormSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
  next: z.unknown().transform((value) => safeNextPath(value)),
});

export type ResendFormState = {
  formError?: string;
  fieldError?: string;
  email?: string;
  /** The address a new link was asked for: the form becomes "check your email". */
  sentTo?: string;
};

export function parseResendForm(formData: FormData) {
  return resendFormSchema.safeParse({ email: formData.get("email") ?? "", next: formData.get("next") });
}
