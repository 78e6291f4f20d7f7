import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors/app-error";
import { ReplyBox } from "@/components/messages/reply-box";
import { LocalTime } from "@/components/ui/local-time";
import { getThread } from "@/lib/messages/thread";
import { createClient } from "@/lib/supabase/server";
import styles from "./thread.module.css";
import { paths } from "@/lib/paths";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Conversation" };

export default async function ThreadPage({ params }: Props) {
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(paths.login({ next: paths.thread(id) }));
  const thread = await getThread(await createClient(), user.id, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "conversation_not_found") notFound();
    throw error;
  });

  const agencyName = thread.agency?.name ?? "Agency";
  return (
    <div className={`page-narrow ${styles.thread}`}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href={paths.inbox()}>Messages</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{thread.viewerRole === "customer" ? agencyName : thread.customerName}</span>
      </nav>
      <header className={styles.header}>
        <p className="eyebrow">
          {thread.viewerRole === "customer" ? "Conversation with" : `Inquiry from ${thread.customerName} to`}
        </p>
        <h1 className={styles.title}>
          {thread.agency ? <Link href={paths.agency(thread.agency.slug)}>{thread.agency.name}</Link> : agencyName}
        </h1>
      </header>
      <ol className={`card ${styles.messages}`} aria-label="Messages">
        {thread.messages.length === 0 ? (
          <li className={styles.empty}>No messages yet. Write the first one below.</li>
        ) : null}
        {thread.messages.map((message) => (
          <li key={message.id} className={message.fromViewer ? styles.mine : styles.theirs}>
            <div className={styles.meta}>
              <span className={styles.sender}>
                {message.senderLabel}
                {message.senderDetail ? <span className={styles.detail}> · {message.senderDetail}</span> : null}
              </span>
              <span className={styles.time}>
                <LocalTime iso={message.createdAt} style="long" />
              </span>
            </div>
            <p className={styles.body}>{message.body}</p>
          </li>
        ))}
      </ol>
      <section aria-label="Reply" className={`card ${styles.reply}`}>
        <ReplyBox conversationId={thread.id} userId={user.id} />
      </section>
    </div>
  );
}
