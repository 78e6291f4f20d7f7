"use client";

import { useActionState, useId } from "react";
import { Spinner } from "@/components/ui/spinner";
import { signIn } from "./actions";
import type { LoginFormState } from "./login-schema";
import styles from "./login.module.css";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<LoginFormState, FormData>(signIn, {});
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  return (
    <form
      action={formAction}
      className={styles.form}
      aria-describedby={state.formError ? errorId : undefined}
      noValidate
    >
      <input type="hidden" name="next" value={next} />
      {state.formError ? (
        <p id={errorId} role="alert" className={styles.formError}>
          {state.formError}
        </p>
      ) : null}
      <div className={styles.field}>
        <label htmlFor={emailId}>Email</label>
        <input
          id={emailId}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          key={`email-${state.email ?? ""}`}
          aria-invalid={state.fieldErrors?.email ? true : undefined}
          aria-describedby={state.fieldErrors?.email ? `${emailId}-error` : undefined}
        />
        {state.fieldErrors?.email ? (
          <p id={`${emailId}-error`} className={styles.fieldError}>
            {state.fieldErrors.email}
          </p>
        ) : null}
      </div>
      <div className={styles.field}>
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.fieldErrors?.password ? true : undefined}
          aria-describedby={state.fieldErrors?.password ? `${passwordId}-error` : undefined}
        />
        {state.fieldErrors?.password ? (
          <p id={`${passwordId}-error`} className={styles.fieldError}>
            {state.fieldErrors.password}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary button-large" disabled={pending} aria-busy={pending}>
        {pending ? (
          <>
            <Spinner /> Signing in…
          </>
        ) : (
          "Sign in"
        )}
      </button>
    </form>
  );
}
