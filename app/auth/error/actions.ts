"use server";

import { firstFieldError, typedText } from "@/lib/auth/form-input";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailLinkTarget } from "@/lib/auth/email-link-target";
import { createClient } from "@/lib/supabase/server";
import { parseResendForm, type ResendFormState } from "./resend-schema";

/** Asks Auth for a new confirmation link. Auth answers alike whether or not the address waits for one. */
export async function resendConfirmation(_previous: ResendFormState, formData: FormData): Promise<ResendFormState> {
  const email = typedText(formData, "email");
  const parsed = parseResendForm(formData);
  if (!parsed.success) return { email, fieldError: firstFieldError(parsed.error, "email") };

  const supabase = await createClient();
  const { error } = await supabase.auth.resend({
    type: "signup",
    email: parsed.data.email,
    options: { emailRedirectTo: await emailLinkTarget(parsed.data.next) },
  });
  if (error) {
    const problem = authErrorMessage(error);
    return problem.field === "email" ? { email, fieldError: problem.message } : { email, formError: problem.message };
  }
  return { sentTo: parsed.data.email };
}
