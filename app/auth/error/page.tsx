import type { Metadata } from "next";
import Link from "next/link";
import { AuthPanel } from "@/components/auth/auth-panel";
import styles from "@/components/auth/auth-form.module.css";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { paths } from "@/lib/paths";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "This link did not work" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where /auth/confirm sends a link that is incomplete, expired or already used. */
export default async function AuthLinkErrorPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = safeNextPath(query.next);
  const unavailable = query.reason === "unavailable";
  const resetLink = query.type === "recovery";

  return (
    <AuthPanel title={unavailable ? "We could not check this link" : "This link did not work"}>
      <p className="subtitle">
        {unavailable
          ? "Sign-in is unavailable right now. Please open the link again in a moment."
          : "It has expired or has already been used. A link in our emails works once, and not forever."}
      </p>
      {resetLink ? (
        <p>
          <Link href={paths.forgotPassword()}>Ask for a new password-reset link</Link>
        </p>
      ) : (
        <>
          <p>Enter your email address to get a new confirmation link.</p>
          <ResendForm next={next} />
        </>
      )}
      <ul className={styles.links}>
        <li>
          Already confirmed? <Link href={paths.login({ next })}>Sign in</Link>
        </li>
      </ul>
    </AuthPanel>
  );
}
