"use client";

import { useId, type ReactNode } from "react";
import { FormError } from "@/components/auth/form-error";
import styles from "./auth-form.module.css";

/**
 * A form of the account pages: the server action, its whole-form error announced and tied to the form, and no
 * browser validation (the server's messages are the ones a person reads).
 */
export function AuthForm({
  action,
  formError,
  children,
}: {
  action: (formData: FormData) => void;
  formError?: string;
  children: ReactNode;
}) {
  const errorId = useId();
  return (
    <form action={action} className={styles.form} aria-describedby={formError ? errorId : undefined} noValidate>
      <FormError id={errorId} message={formError} />
      {children}
    </form>
  );
}

/** What a form becomes once Auth has sent a mail: announced, with what to do next. */
export function CheckEmailNotice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className={styles.notice}>
      <h2 className={styles.title}>Check your email</h2>
      <p>{children}</p>
    </div>
  );
}
