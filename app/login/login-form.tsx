"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { signIn } from "./actions";
import type { LoginFormState } from "./login-schema";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<LoginFormState, FormData>(signIn, {});
  const errorId = useId();

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
        error={state.fieldErrors?.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={state.fieldErrors?.password}
      />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
    </form>
  );
}
