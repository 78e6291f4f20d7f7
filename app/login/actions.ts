"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { createClient } from "@/lib/supabase/server";
import { parseLoginForm, type LoginFormState } from "./login-schema";

export async function signIn(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const parsed = parseLoginForm(formData);
  const typedEmail = formData.get("email");
  const email = typeof typedEmail === "string" ? typedEmail : "";
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return { email, fieldErrors: { email: fields.email?.[0], password: fields.password?.[0] } };
  }

  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword({
    email: parsed.data.email,
    password: parsed.data.password,
  });
  if (error) {
    // Supabase answers "Invalid login credentials" for a wrong email or password alike; the same goes on screen.
    return { email, formError: authErrorMessage(error).message };
  }
  redirect(parsed.data.next);
}
