"use client";

import { useActionState } from "react";
import { AuthForm } from "@/components/auth/auth-form";
import { EmailField, PasswordField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { signIn } from "./actions";
import type { LoginFormState } from "./login-schema";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<LoginFormState, FormData>(signIn, {});

  return (
    <AuthForm action={formAction} formError={state.formError}>
      <input type="hidden" name="next" value={next} />
      <EmailField value={state.email} error={state.fieldErrors?.email} />
      <PasswordField autoComplete="current-password" error={state.fieldErrors?.password} />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
    </AuthForm>
  );
}
