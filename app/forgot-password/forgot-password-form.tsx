"use client";

import { useActionState } from "react";
import { AuthForm, CheckEmailNotice } from "@/components/auth/auth-form";
import { EmailField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { requestPasswordReset } from "./actions";
import type { ForgotPasswordState } from "./forgot-password-schema";

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<ForgotPasswordState, FormData>(requestPasswordReset, {});

  if (state.sentTo) {
    return (
      <CheckEmailNotice>
        If <strong>{state.sentTo}</strong> has an account, we have sent it a link to choose a new password.
      </CheckEmailNotice>
    );
  }
  return (
    <AuthForm action={formAction} formError={state.formError}>
      <EmailField value={state.email} error={state.fieldError} />
      <SubmitButton pending={pending} label="Send me a reset link" pendingLabel="Sending…" />
    </AuthForm>
  );
}
