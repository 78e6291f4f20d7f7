import type { Metadata } from "next";
import { nextOfSignedOutPage, type SearchParams } from "@/lib/auth/signed-out-page";
import { isLocalSupabase, readSupabaseEnv } from "@/lib/env";
import { LoginForm } from "./login-form";
import Link from "next/link";
import { AuthPanel } from "@/components/auth/auth-panel";
import styles from "@/components/auth/auth-form.module.css";
import { paths } from "@/lib/paths";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: SearchParams };

export default async function LoginPage({ searchParams }: Props) {
  const next = await nextOfSignedOutPage(searchParams);

  return (
    <AuthPanel title="Sign in">
      <p className="subtitle">
        {next === "/"
          ? "Welcome back. Sign in to message agencies."
          : "Sign in (or create an account) to continue where you left off."}
      </p>
      <LoginForm next={next} />
      <ul className={styles.links}>
        <li>
          New here? <Link href={paths.signup({ next })}>Create an account</Link>
        </li>
        <li>
          <Link href={paths.forgotPassword()}>Forgot your password?</Link>
        </li>
      </ul>
      {isLocalSupabase(readSupabaseEnv().NEXT_PUBLIC_SUPABASE_URL) ? (
        // Seeded by supabase/seed.sql: they exist on the local stack only.
        <p className={styles.demo}>
          Demo accounts: <code>alice@example.com</code>, <code>carol@acme.example</code> (agency staff) — password{" "}
          <code>password123</code>.
        </p>
      ) : null}
    </AuthPanel>
  );
}
