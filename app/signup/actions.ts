"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailLinkTarget } from "@/lib/auth/email-link-target";
import { createClient } from "@/lib/supabase/server";
import { parseSignupForm, typedSignupValues, type SignupFormState } from "./signup-schema";

/**
 * Creates the account. The display name goes in as user metadata: the database's sign-up trigger makes the
 * profile from it. With confirmations off Auth signs the person in at once and they go on to `next`; with them
 * on, Auth mails a link (also for an address already taken, which it does not reveal) and the form says so.
 */
export async function signUp(_previous: SignupFormState, formData: FormData): Promise<SignupFormState> {
  const values = typedSignupValues(formData);
  const parsed = parseSignupForm(formData);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return {
      values,
      fieldErrors: {
        email: fields.email?.[0],
        password: fields.password?.[0],
        displayName: fields.displayName?.[0],
      },
    };
  }

  const { email, password, displayName, next } = parsed.data;
  const supabase = await createClient();
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: { data: { display_name: displayName }, emailRedirectTo: await emailLinkTarget(next) },
  });
  if (error) {
    const problem = authErrorMessage(error);
    return problem.field === "form"
      ? { values, formError: problem.message }
      : { values, fieldErrors: { [problem.field]: problem.message } };
  }
  if (!data.session) return { checkEmail: email };
  redirect(next);
}
