import Link from "next/link";
import type { ReactNode } from "react";

type NotFoundStateProps = {
  icon: string;
  title: string;
  children: ReactNode;
  action: { href: string; label: string };
};

/** The body of a 404 page: what was not found, why that may be, and one way on. */
export function NotFoundState({ icon, title, children, action }: NotFoundStateProps) {
  return (
    <div className="card empty-state">
      <span className="empty-state-icon" aria-hidden="true">
        {icon}
      </span>
      <p className="eyebrow">404</p>
      <h1>{title}</h1>
      <p>{children}</p>
      <Link href={action.href} className="button button-primary">
        {action.label}
      </Link>
    </div>
  );
}
