import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getProfileDisplayName } from "@/lib/auth/profile-name";
import { NavLink } from "@/components/layout/nav-link";
import { SignOutForm } from "@/components/layout/sign-out-form";
import styles from "./site-header.module.css";
import { paths } from "@/lib/paths";

export async function SiteHeader() {
  const user = await getCurrentUser();
  const displayName = user ? await getProfileDisplayName(user) : null;
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href={paths.home()} className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            ✦
          </span>
          Wayfarer
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <NavLink href={paths.agencies()}>Agencies</NavLink>
          <NavLink href={paths.inbox()}>Messages</NavLink>
        </nav>
        <div className={styles.account}>
          {user ? (
            <>
              <Link href={paths.account()} className={styles.user} title={user.email ?? undefined}>
                <span className={`avatar ${styles.avatar}`} aria-hidden="true">
                  {initials(displayName ?? user.displayName)}
                </span>
                <span className={styles.userName}>
                  <span className="visually-hidden">Signed in as </span>
                  {displayName}
                </span>
              </Link>
              <SignOutForm userId={user.id} />
            </>
          ) : (
            <Link href={paths.login()} className="button button-primary button-small">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name
    .replace(/@.*/, "")
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}
