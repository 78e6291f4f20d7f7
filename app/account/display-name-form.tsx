"use client";

import { useActionState } from "react";
import { AuthForm } from "@/components/auth/auth-form";
import { DisplayNameField } from "@/components/auth/auth-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import styles from "@/components/auth/auth-form.module.css";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/auth/display-name";
import { updateDisplayName } from "./actions";
import type { DisplayNameState } from "./display-name-schema";

export function DisplayNameForm({ current }: { current: string }) {
  const [state, formAction, pending] = useActionState<DisplayNameState, FormData>(updateDisplayName, {});
  const value = state.typed ?? state.saved ?? current;
  return (
    <AuthForm action={formAction} formError={state.formError}>
      <DisplayNameField
        value={value}
        error={state.fieldError}
        hint={`Agencies see this name on your messages. 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`}
      />
      <p role="status" className={styles.hint}>
        {state.saved ? `Saved. Agencies now see “${state.saved}”.` : ""}
      </p>
      <SubmitButton pending={pending} label="Save name" pendingLabel="Saving…" />
    </AuthForm>
  );
}
