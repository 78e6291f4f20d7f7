"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { requestPasswordReset } from "./actions";
import type { ForgotPasswordState } from "./forgot-password-schema";

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<ForgotPasswordState, FormData>(requestPasswordReset, {});
  const errorId = useId();

  if (state.sentTo) {
    return (
      <div role="status" className={styles.notice}>
        <h2 className={styles.title}>Check your email</h2>
        <p>
          If <strong>{state.sentTo}</strong> has an account, we have sent it a link to choose a new password.
        </p>
      </div>
    );
  }
  return (
    <form
      action={formAction}
      className={styles.form}
      aria-describedby={state.formError ? errorId : undefined}
      noValidate
    >
      <FormError id={errorId} message={state.formError} />
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        key={`email-${state.email ?? ""}`}
        error={state.fieldError}
      />
      <SubmitButton pending={pending} label="Send me a reset link" pendingLabel="Sending…" />
    </form>
  );
}
