import { z } from "zod";

/** The database's limit on a display name (profiles' check constraint), in characters (code points). */
export const DISPLAY_NAME_MAX_LENGTH = 80;

// Control characters (C0, DEL, C1) and Unicode format characters (bidi overrides, zero-width joiners, soft hyphen…).
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\p{Cf}]/u;

/**
 * The display-name rule of the database, mirrored so a person sees the problem before a round trip: 1 to 80
 * characters, none of them control or format characters, not only whitespace. The database checks it again and
 * has the final word (its refusal is shown the same way).
 */
export const displayNameSchema = z
  .string({ error: "Enter the name agencies will see." })
  .trim()
  .min(1, "Enter the name agencies will see.")
  .refine((name) => [...name].length <= DISPLAY_NAME_MAX_LENGTH, {
    message: `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`,
  })
  .refine((name) => !FORBIDDEN_CHARACTER.test(name), {
    message: "Remove line breaks and invisible formatting characters.",
  });
