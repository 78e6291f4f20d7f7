"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { updatePassword } from "./actions";
import type { UpdatePasswordState } from "./update-password-schema";

export function UpdatePasswordForm() {
  const [state, formAction, pending] = useActionState<UpdatePasswordState, FormData>(updatePassword, {});
  const errorId = useId();
  return (
    <form
      action={formAction}
      className={styles.form}
      aria-describedby={state.formError ? errorId : undefined}
      noValidate
    >
      <FormError id={errorId} message={state.formError} />
      <FormField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={state.fieldError}
      />
      <SubmitButton pending={pending} label="Save new password" pendingLabel="Saving…" />
    </form>
  );
}
