import type { Metadata } from "next";
import Link from "next/link";
import { AuthPanel } from "@/components/auth/auth-panel";
import { getCurrentUser } from "@/lib/auth/current-user";
import { paths } from "@/lib/paths";
import { UpdatePasswordForm } from "./update-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** Reached signed in, from a password-reset link (/auth/confirm) or from the account page. */
export default async function UpdatePasswordPage() {
  const user = await getCurrentUser();
  return (
    <AuthPanel title="Choose a new password">
      {user ? (
        <>
          <p className="subtitle">For {user.email ?? "your account"}.</p>
          <UpdatePasswordForm />
        </>
      ) : (
        <p className="subtitle">
          Open the link in your password-reset email to get here, or{" "}
          <Link href={paths.forgotPassword()}>ask for a new link</Link>.
        </p>
      )}
    </AuthPanel>
  );
}
