import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * For the pages a signed-out person uses (sign in, create an account): where to go afterwards, a same-origin path
 * from `next`, and straight there when the person is already signed in.
 */
export async function nextOfSignedOutPage(searchParams: SearchParams): Promise<string> {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return next;
}
