import { z } from "zod";
import { emailAddress } from "@/lib/auth/email-address";

export const forgotPasswordSchema = z.object({
  email: emailAddress,
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
