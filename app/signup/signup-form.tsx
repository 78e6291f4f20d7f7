"use client";

import { useActionState } from "react";
import { AuthForm, CheckEmailNotice } from "@/components/auth/auth-form";
import { DisplayNameField, EmailField, PasswordField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { signUp } from "./actions";
import type { SignupFormState } from "./signup-schema";

export function SignupForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<SignupFormState, FormData>(signUp, {});

  if (state.checkEmail) {
    return (
      <CheckEmailNotice>
        If <strong>{state.checkEmail}</strong> can be used for a new account, we have sent a link to it. Follow the link
        to confirm your address; it brings you back here, signed in.
      </CheckEmailNotice>
    );
  }

  const values = state.values ?? {};
  return (
    <AuthForm action={formAction} formError={state.formError}>
      <input type="hidden" name="next" value={next} />
      <EmailField value={values.email} error={state.fieldErrors?.email} />
      <PasswordField autoComplete="new-password" error={state.fieldErrors?.password} />
      <DisplayNameField
        value={values.displayName}
        error={state.fieldErrors?.displayName}
        hint="Agencies see this name on your messages."
      />
      <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
    </AuthForm>
  );
}
