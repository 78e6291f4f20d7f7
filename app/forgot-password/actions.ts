"use server";

import { firstFieldError, typedText } from "@/lib/auth/form-input";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailLinkTarget } from "@/lib/auth/email-link-target";
import { createClient } from "@/lib/supabase/server";
import { paths } from "@/lib/paths";
import { parseForgotPasswordForm, type ForgotPasswordState } from "./forgot-password-schema";

/**
 * Asks Auth to mail a password-reset link. Auth answers alike whether or not the address has an account, and
 * so does this page. The link signs the person in and leads to the page that sets a new password.
 */
export async function requestPasswordReset(
  _previous: ForgotPasswordState,
  formData: FormData,
): Promise<ForgotPasswordState> {
  const email = typedText(formData, "email");
  const parsed = parseForgotPasswordForm(formData);
  if (!parsed.success) return { email, fieldError: firstFieldError(parsed.error, "email") };

  const supabase = await createClient();
  const { error } = await supabase.auth.resetPasswordForEmail(parsed.data.email, {
    redirectTo: await emailLinkTarget(paths.updatePassword()),
  });
  if (error) {
    const problem = authErrorMessage(error);
    return problem.field === "email" ? { email, fieldError: problem.message } : { email, formError: problem.message };
  }
  return { sentTo: parsed.data.email };
}
