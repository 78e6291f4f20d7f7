"use server";

import { firstFieldError, typedText } from "@/lib/auth/form-input";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "@/lib/auth/current-user";
import { UNAVAILABLE_MESSAGE } from "@/lib/auth/auth-error-message";
import { isUnavailable } from "@/lib/db/postgrest-error";
import { createClient } from "@/lib/supabase/server";
import { DATABASE_REFUSED_NAME, parseDisplayNameForm, type DisplayNameState } from "./display-name-schema";

const CHECK_VIOLATION = "23514";

/**
 * Renames the signed-in person's profile. The form's schema mirrors the database's rule; the database checks
 * it again and has the last word: a name it refuses is shown as an error and the old name stays.
 */
export async function updateDisplayName(_previous: DisplayNameState, formData: FormData): Promise<DisplayNameState> {
  const typed = typedText(formData, "displayName");
  const parsed = parseDisplayNameForm(formData);
  if (!parsed.success) return { typed, fieldError: firstFieldError(parsed.error, "displayName") };

  const user = await getCurrentUser();
  if (!user) return { typed, formError: "Your session has ended. Sign in again to change your name." };

  const supabase = await createClient();
  const result = await supabase
    .from("profiles")
    .update({ display_name: parsed.data.displayName })
    .eq("id", user.id)
    .select("display_name")
    .maybeSingle();
  if (result.error) {
    if (result.error.code === CHECK_VIOLATION) return { typed, fieldError: DATABASE_REFUSED_NAME };
    if (isUnavailable(result)) return { typed, formError: UNAVAILABLE_MESSAGE };
    console.error("Account: renaming the profile failed", result.error);
    return { typed, formError: "Your name could not be changed. Please try again." };
  }
  if (!result.data) return { typed, formError: "Your session has ended. Sign in again to change your name." };
  // The header shows the name on every page.
  revalidatePath("/", "layout");
  return { saved: result.data.display_name ?? parsed.data.displayName };
}
