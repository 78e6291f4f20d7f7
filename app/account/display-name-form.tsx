"use client";

import { useActionState, useId } from "react";
import { FormError } from "@/components/auth/form-error";
import { FormField } from "@/components/auth/form-field";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/auth/display-name";
import { updateDisplayName } from "./actions";
import type { DisplayNameState } from "./display-name-schema";

export function DisplayNameForm({ current }: { current: string }) {
  const [state, formAction, pending] = useActionState<DisplayNameState, FormData>(updateDisplayName, {});
  const errorId = useId();
  const value = state.typed ?? state.saved ?? current;
  return (
    <form
      action={formAction}
      className={styles.form}
      aria-describedby={state.formError ? errorId : undefined}
      noValidate
    >
      <FormError id={errorId} message={state.formError} />
      <FormField
        label="Your name"
        name="displayName"
        type="text"
        autoComplete="name"
        hint={`Agencies see this name on your messages. 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`}
        maxLength={DISPLAY_NAME_MAX_LENGTH * 2}
        defaultValue={value}
        key={`name-${value}-${state.fieldError ?? ""}`}
        error={state.fieldError}
      />
      <p role="status" className={styles.hint}>
        {state.saved ? `Saved. Agencies now see “${state.saved}”.` : ""}
      </p>
      <SubmitButton pending={pending} label="Save name" pendingLabel="Saving…" />
    </form>
  );
}
