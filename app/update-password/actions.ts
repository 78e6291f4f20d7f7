"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { createClient } from "@/lib/supabase/server";
import { paths } from "@/lib/paths";
import { parseUpdatePasswordForm, type UpdatePasswordState } from "./update-password-schema";

/** Sets the signed-in person's new password (they arrive signed in from the reset link), then shows their account. */
export async function updatePassword(_previous: UpdatePasswordState, formData: FormData): Promise<UpdatePasswordState> {
  const parsed = parseUpdatePasswordForm(formData);
  if (!parsed.success) return { fieldError: z.flattenError(parsed.error).fieldErrors.password?.[0] };

  const supabase = await createClient();
  const { error } = await supabase.auth.updateUser({ password: parsed.data.password });
  if (error) {
    if (error.status === 401 || error.status === 403) {
      return { formError: "Your reset link has expired. Ask for a new one." };
    }
    const problem = authErrorMessage(error);
    return problem.field === "password" ? { fieldError: problem.message } : { formError: problem.message };
  }
  redirect(paths.account({ updated: "password" }));
}
