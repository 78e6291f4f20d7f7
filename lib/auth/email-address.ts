import { z } from "zod";

/** An email address typed into a form: trimmed, required, at most 254 characters, and shaped like an address. */
export const emailAddress = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));
