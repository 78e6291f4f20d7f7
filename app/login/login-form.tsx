"use client";

import { useActionState, useId } from "react";
import { Spinner } from "@/components/ui/spinner";
import { signIn } from "./actions";
import type { LoginFormState } from "./login-schema";
import styles from "./login.module.css";

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
      {state.formError ? (
        <p id={errorId} role="alert" className={styles.formError}>
          {state.formError}
        </p>
      ) : null}
      <LoginField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        key={`email-${state.email ?? ""}`}
        error={state.fieldErrors?.email}
      />
      <LoginField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={state.fieldErrors?.password}
      />
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

type LoginFieldProps = {
  label: string;
  name: string;
  type: "email" | "password";
  autoComplete: string;
  defaultValue?: string;
  error?: string;
};

/** A labelled, required input with its error message tied to it for assistive technology. */
function LoginField({ label, error, ...input }: LoginFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
      />
      {error ? (
        <p id={errorId} className={styles.fieldError}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
