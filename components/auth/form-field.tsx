"use client";

import { useId } from "react";
import styles from "./auth-form.module.css";

type FormFieldProps = {
  label: string;
  name: string;
  type: "email" | "password" | "text";
  autoComplete: string;
  defaultValue?: string;
  error?: string;
  /** A line under the label that says the rule (password length, what the name is for). */
  hint?: string;
  maxLength?: number;
};

/** A labelled, required input with its hint and error message tied to it for assistive technology. */
export function FormField({ label, error, hint, ...input }: FormFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
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
