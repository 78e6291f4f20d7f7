"use server";

import { redirect } from "next/navigation";
import { createClient } from "@/lib/supabase/server";
import { paths } from "@/lib/paths";

/** Signs out of this browser (local scope: other devices keep their sessions) and goes home. */
export async function signOut(): Promise<void> {
  const supabase = await createClient();
  await supabase.auth.signOut({ scope: "local" });
  redirect(paths.home());
}
