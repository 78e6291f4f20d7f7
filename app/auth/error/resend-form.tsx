"use client";

import { useActionState } from "react";
import { AuthForm } from "@/components/auth/auth-form";
import { EmailField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { resendConfirmation } from "./actions";
import type { ResendFormState } from "./resend-schema";

export function ResendForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<ResendFormState, FormData>(resendConfirmation, {});

  if (state.sentTo) {
    return (
      <p role="status" className={styles.notice}>
        If <strong>{state.sentTo}</strong> is waiting to be confirmed, a new link is on its way. Check your email.
      </p>
    );
  }
  return (
    <AuthForm action={formAction} formError={state.formError}>
      <input type="hidden" name="next" value={next} />
      <EmailField value={state.email} error={state.fieldError} />
      <SubmitButton pending={pending} label="Send a new link" pendingLabel="Sending…" />
    </AuthForm>
  );
}
