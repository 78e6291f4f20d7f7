import { z } from "zod";
import { displayNameSchema } from "@/lib/auth/display-name";

export const displayNameFormSchema = z.object({ displayName: displayNameSchema });

export type DisplayNameState = {
  fieldError?: string;
  formError?: string;
  /** What was typed, kept in the field after an error. */
  typed?: string;
  /** The name just saved: the page says so. */
  saved?: string;
};

export function parseDisplayNameForm(formData: FormData) {
  return displayNameFormSchema.safeParse({ displayName: formData.get("displayName") ?? "" });
}

/** The database's refusal (its check constraint, SQLSTATE 23514) in a person's words. */
export const DATABASE_REFUSED_NAME =
  "This name cannot be used: use 1 to 80 characters, without line breaks or invisible characters.";
