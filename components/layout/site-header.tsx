import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getProfileDisplayName } from "@/lib/auth/profile-name";
import { NavLink } from "@/components/layout/nav-link";
import { MessagesNavLink } from "@/components/layout/messages-nav-link";
import { readUnreadSummary } from "@/lib/messages/read/read-unread-summary";
import { createClient } from "@/lib/supabase/server";
import { liveConfig } from "@/lib/supabase/live-config";
import { SignOutForm } from "@/components/layout/sign-out-form";
import styles from "./site-header.module.css";
import { paths } from "@/lib/paths";

export async function SiteHeader() {
  const user = await getCurrentUser();
  // Both reads at once. The count is a hint: if it cannot be read, the header shows the plain link rather than
  // failing the page.
  const [displayName, summary] = user
    ? await Promise.all([
        getProfileDisplayName(user),
        createClient().then((supabase) => readUnreadSummary(supabase, user.id).catch(() => null)),
      ])
    : [null, null];
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
          <MessagesNavLink unread={summary?.total ?? 0} topics={summary?.topics ?? []} live={liveConfig()} />
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
