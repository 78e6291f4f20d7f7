"use server";

import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailLinkTarget } from "@/lib/auth/email-link-target";
import { createClient } from "@/lib/supabase/server";
import { parseResendForm, type ResendFormState } from "./resend-schema";

/** Asks Auth for a new confirmation link. Auth answers alike whether or not the address waits for one. */
export async function resendConfirmation(_previous: ResendFormState, formData: FormData): Promise<ResendFormState> {
  const typed = formData.get("email");
  const email = typeof typed === "string" ? typed.slice(0, 1000) : "";
  const parsed = parseResendForm(formData);
  if (!parsed.success) return { email, fieldError: z.flattenError(parsed.error).fieldErrors.email?.[0] };

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
