import Link from "next/link";
import { paths } from "@/lib/paths";

export default function NotFound() {
  return (
    <div className="card empty-state">
      <span className="empty-state-icon" aria-hidden="true">
        🧭
      </span>
      <p className="eyebrow">404</p>
      <h1>This page does not exist</h1>
      <p>The link may be broken, or the page may have moved. Conversations are only visible to the people in them.</p>
      <Link href={paths.agencies()} className="button button-primary">
        Browse agencies
      </Link>
    </div>
  );
}
