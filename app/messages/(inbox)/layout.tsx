import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { paths } from "@/lib/paths";

/**
 * Checked here, outside the inbox's loading boundary, so a signed-out visitor gets a real HTTP redirect before
 * any streaming starts.
 */
export default async function InboxLayout({ children }: { children: ReactNode }) {
  if (!(await getCurrentUser())) redirect(paths.login({ next: paths.inbox() }));
  return children;
}
