import { z } from "zod";
import { emailAddress } from "@/lib/auth/email-address";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const resendFormSchema = z.object({
  email: emailAddress,
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
