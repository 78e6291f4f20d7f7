import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthPanel } from "@/components/auth/auth-panel";
import styles from "@/components/auth/auth-form.module.css";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getProfileDisplayName } from "@/lib/auth/profile-name";
import { paths } from "@/lib/paths";
import { DisplayNameForm } from "./display-name-form";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect(paths.login({ next: paths.account() }));
  const [displayName, query] = await Promise.all([getProfileDisplayName(user), searchParams]);

  return (
    <AuthPanel title="Your account">
      {query.updated === "password" ? (
        <p role="status" className={styles.notice}>
          Your new password is set.
        </p>
      ) : null}
      <dl>
        <dt>Email</dt>
        <dd>{user.email ?? "—"}</dd>
      </dl>
      <DisplayNameForm current={displayName} />
      <ul className={styles.links}>
        <li>
          <Link href={paths.updatePassword()}>Change your password</Link>
        </li>
      </ul>
    </AuthPanel>
  );
}
