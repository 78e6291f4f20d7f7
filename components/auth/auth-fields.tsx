"use client";

import { FormField } from "@/components/auth/form-field";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/auth/display-name";

/** The email field, keeping what was typed after an error. */
export function EmailField({ value, error }: { value?: string; error?: string }) {
  return (
    <FormField
      label="Email"
      name="email"
      type="email"
      autoComplete="email"
      defaultValue={value}
      key={`email-${value ?? ""}`}
      error={error}
    />
  );
}

/** The name agencies see, with the database's length in its hint. */
export function DisplayNameField({ value, error, hint }: { value?: string; error?: string; hint: string }) {
  return (
    <FormField
      label="Your name"
      name="displayName"
      type="text"
      autoComplete="name"
      hint={hint}
      maxLength={DISPLAY_NAME_MAX_LENGTH * 2}
      defaultValue={value}
      key={`name-${value ?? ""}-${error ?? ""}`}
      error={error}
    />
  );
}

/** A password: the one the person has (`current-password`) or a new one (`new-password`). */
export function PasswordField({
  label = "Password",
  autoComplete,
  error,
}: {
  label?: string;
  autoComplete: "current-password" | "new-password";
  error?: string;
}) {
  return <FormField label={label} name="password" type="password" autoComplete={autoComplete} error={error} />;
}
