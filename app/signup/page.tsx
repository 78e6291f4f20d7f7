import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import styles from "@/components/auth/auth-form.module.css";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { paths } from "@/lib/paths";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignupPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);

  return (
    <div className={styles.wrapper}>
      <div className={`card ${styles.panel}`}>
        <h1 className={styles.title}>Create an account</h1>
        <p className="subtitle">
          {next === "/"
            ? "Message travel agencies and keep every answer in one inbox."
            : "Then carry on where you were."}
        </p>
        <SignupForm next={next} />
        <ul className={styles.links}>
          <li>
            Already have an account? <Link href={paths.login({ next })}>Sign in</Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
