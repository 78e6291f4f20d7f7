import { z } from "zod";

/** Strength is Supabase Auth's rule (config.toml); Auth says when a password is too weak. */
export const updatePasswordSchema = z.object({
  password: z.string().min(1, "Choose a new password.").max(72, "Use at most 72 characters."),
});

export type UpdatePasswordState = { formError?: string; fieldError?: string };

export function parseUpdatePasswordForm(formData: FormData) {
  return updatePasswordSchema.safeParse({ password: formData.get("password") ?? "" });
}
