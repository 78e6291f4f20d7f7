import Link from "next/link";
import { paths } from "@/lib/paths";

export default function ConversationNotFound() {
  return (
    <div className="card empty-state">
      <span className="empty-state-icon" aria-hidden="true">
        🔒
      </span>
      <p className="eyebrow">404</p>
      <h1>Conversation not found</h1>
      <p>This conversation does not exist, or you are not one of its participants.</p>
      <Link href={paths.inbox()} className="button button-primary">
        Back to your messages
      </Link>
    </div>
  );
}
