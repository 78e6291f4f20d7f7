import type { Metadata } from "next";
import Link from "next/link";
import { AuthPanel } from "@/components/auth/auth-panel";
import styles from "@/components/auth/auth-form.module.css";
import { nextOfSignedOutPage, type SearchParams } from "@/lib/auth/signed-out-page";
import { paths } from "@/lib/paths";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: SearchParams };

export default async function SignupPage({ searchParams }: Props) {
  const next = await nextOfSignedOutPage(searchParams);

  return (
    <AuthPanel title="Create an account">
      <p className="subtitle">
        {next === "/" ? "Message travel agencies and keep every answer in one inbox." : "Then carry on where you were."}
      </p>
      <SignupForm next={next} />
      <ul className={styles.links}>
        <li>
          Already have an account? <Link href={paths.login({ next })}>Sign in</Link>
        </li>
      </ul>
    </AuthPanel>
  );
}
