"use server";

import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import { redirect } from "next/navigation";
import { z } from "zod";
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
    if (isAuthRetryableFetchError(error) || (error.status ?? 0) >= 500) {
      return { email, formError: "Sign-in is unavailable right now. Please try again in a moment." };
    }
    // Supabase answers "Invalid login credentials" for a wrong email or password alike.
    return { email, formError: error.message || "Invalid login credentials" };
  }
  redirect(parsed.data.next);
}
