import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { LocalTime } from "@/components/ui/local-time";
import { conversationCursorParam } from "@/lib/messages/cursor";
import { listInbox } from "@/lib/messages/read/list-inbox";
import { createClient } from "@/lib/supabase/server";
import styles from "./inbox.module.css";
import { paths } from "@/lib/paths";

export const metadata: Metadata = { title: "Messages" };

type Props = { searchParams: Promise<{ before?: string | string[] }> };

export default async function InboxPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect(paths.login({ next: paths.inbox() }));
  // A cursor that does not parse (edited by hand, or from an older version) shows the newest page.
  const cursor = conversationCursorParam.safeParse((await searchParams).before);
  const before = cursor.success ? cursor.data : null;
  const { items, next } = await listInbox(await createClient(), user.id, before);

  return (
    <div className="page-narrow">
      <h1>Messages</h1>
      <p className="lead">Your conversations with agencies, most recent first.</p>
      {items.length === 0 && before ? (
        <div className="card empty-state">
          <h2>No older conversations</h2>
          <Link href={paths.inbox()}>Newest conversations</Link>
        </div>
      ) : items.length === 0 ? (
        <div className="card empty-state">
          <span className="empty-state-icon" aria-hidden="true">
            ✉️
          </span>
          <h2>No conversations yet</h2>
          <p>Find an agency you like and send them a message. Their answers will appear here.</p>
          <Link href={paths.agencies()} className="button button-primary">
            Browse agencies
          </Link>
        </div>
      ) : (
        <ul className={`card ${styles.list}`} aria-label="Conversations">
          {items.map((item) => (
            <li key={item.id} className={item.unreadCount > 0 ? `${styles.item} ${styles.hasUnread}` : styles.item}>
              <span className={`avatar ${styles.avatar}`} aria-hidden="true">
                {item.title.charAt(0)}
              </span>
              <div className={styles.body}>
                <div className={styles.top}>
                  <Link href={paths.thread(item.id)} className={styles.title}>
                    {item.title}
                  </Link>
                  <span className={styles.time}>
                    <LocalTime iso={item.activityAt} />
                  </span>
                  {item.unreadCount > 0 ? (
                    <span className={styles.unread}>
                      {item.unreadCount}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  ) : null}
                </div>
                {item.viewerRole === "agency" && item.agency ? (
                  <p className={styles.badge}>Inquiry to {item.agency.name}</p>
                ) : null}
                <p className={styles.excerpt}>
                  {item.lastMessage ? (
                    <>
                      {item.lastMessage.fromViewer ? <span className={styles.you}>You: </span> : null}
                      {item.lastMessage.excerpt}
                    </>
                  ) : (
                    <em>No messages yet</em>
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {next || before ? (
        <nav aria-label="Pages" className="pager">
          {before ? <Link href={paths.inbox()}>Newest conversations</Link> : null}
          {next ? (
            <Link href={`/messages?before=${next}`} rel="next">
              Older conversations
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
