"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/auth/display-name";
import { signUp } from "./actions";
import type { SignupFormState } from "./signup-schema";

export function SignupForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<SignupFormState, FormData>(signUp, {});
  const errorId = useId();

  if (state.checkEmail) {
    return (
      <div role="status" className={styles.notice}>
        <h2 className={styles.title}>Check your email</h2>
        <p>
          If <strong>{state.checkEmail}</strong> can be used for a new account, we have sent a link to it. Follow the
          link to confirm your address; it brings you back here, signed in.
        </p>
      </div>
    );
  }

  const values = state.values ?? {};
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
        defaultValue={values.email}
        key={`email-${values.email ?? ""}`}
        error={state.fieldErrors?.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={state.fieldErrors?.password}
      />
      <FormField
        label="Your name"
        name="displayName"
        type="text"
        autoComplete="name"
        hint="Agencies see this name on your messages."
        maxLength={DISPLAY_NAME_MAX_LENGTH * 2}
        defaultValue={values.displayName}
        key={`name-${values.displayName ?? ""}`}
        error={state.fieldErrors?.displayName}
      />
      <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
    </form>
  );
}
