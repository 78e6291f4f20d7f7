import Link from "next/link";
import { paths } from "@/lib/paths";

export default function AgencyNotFound() {
  return (
    <div className="card empty-state">
      <span className="empty-state-icon" aria-hidden="true">
        🧳
      </span>
      <p className="eyebrow">404</p>
      <h1>We could not find this agency</h1>
      <p>It may have changed its name or left the marketplace.</p>
      <Link href={paths.agencies()} className="button button-primary">
        See all agencies
      </Link>
    </div>
  );
}
