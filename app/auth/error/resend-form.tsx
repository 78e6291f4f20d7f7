"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { resendConfirmation } from "./actions";
import type { ResendFormState } from "./resend-schema";

export function ResendForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<ResendFormState, FormData>(resendConfirmation, {});
  const errorId = useId();

  if (state.sentTo) {
    return (
      <p role="status" className={styles.notice}>
        If <strong>{state.sentTo}</strong> is waiting to be confirmed, a new link is on its way. Check your email.
      </p>
    );
  }
  return (
    <form
      action={formAction}
      className={styles.form}
      aria-describedby={state.formError ? errorId : undefined}
      noValidate
    >
      <input type="hidden" name="next" value={next} />
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
      <SubmitButton pending={pending} label="Send a new link" pendingLabel="Sending…" />
    </form>
  );
}
