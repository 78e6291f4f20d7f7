import type { Metadata } from "next";
import Link from "next/link";
import { AuthPanel } from "@/components/auth/auth-panel";
import styles from "@/components/auth/auth-form.module.css";
import { paths } from "@/lib/paths";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <AuthPanel title="Forgot your password?">
      <p className="subtitle">Enter your email address and we will send you a link to choose a new one.</p>
      <ForgotPasswordForm />
      <ul className={styles.links}>
        <li>
          Remembered it? <Link href={paths.login()}>Sign in</Link>
        </li>
      </ul>
    </AuthPanel>
  );
}
