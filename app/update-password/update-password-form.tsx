"use client";

import { useActionState } from "react";
import { AuthForm } from "@/components/auth/auth-form";
import { PasswordField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { updatePassword } from "./actions";
import type { UpdatePasswordState } from "./update-password-schema";

export function UpdatePasswordForm() {
  const [state, formAction, pending] = useActionState<UpdatePasswordState, FormData>(updatePassword, {});
  return (
    <AuthForm action={formAction} formError={state.formError}>
      <PasswordField label="New password" autoComplete="new-password" error={state.fieldError} />
      <SubmitButton pending={pending} label="Save new password" pendingLabel="Saving…" />
    </AuthForm>
  );
}
