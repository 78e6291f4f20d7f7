import Link from "next/link";
import { paths } from "@/lib/paths";

/** What each 404 says: what was not found, why that may be, and one way on. */
const NOT_FOUND = {
  page: {
    icon: "🧭",
    title: "This page does not exist",
    text: "The link may be broken, or the page may have moved. Conversations are only visible to the people in them.",
    action: { href: paths.agencies(), label: "Browse agencies" },
  },
  agency: {
    icon: "🧳",
    title: "We could not find this agency",
    text: "It may have changed its name or left the marketplace.",
    action: { href: paths.agencies(), label: "See all agencies" },
  },
  conversation: {
    icon: "🔒",
    title: "Conversation not found",
    text: "This conversation does not exist, or you are not one of its participants.",
    action: { href: paths.inbox(), label: "Back to your messages" },
  },
} as const;

/** The body of a 404 page. */
export function NotFoundState({ what }: { what: keyof typeof NOT_FOUND }) {
  const { icon, title, text, action } = NOT_FOUND[what];
  return (
    <div className="card empty-state">
      <span className="empty-state-icon" aria-hidden="true">
        {icon}
      </span>
      <p className="eyebrow">404</p>
      <h1>{title}</h1>
      <p>{text}</p>
      <Link href={action.href} className="button button-primary">
        {action.label}
      </Link>
    </div>
  );
}
