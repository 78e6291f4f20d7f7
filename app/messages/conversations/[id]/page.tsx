import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors/app-error";
import { ReplyBox } from "@/components/messages/reply-box";
import { getThread } from "@/lib/messages/read/get-thread";
import { createClient } from "@/lib/supabase/server";
import { EarlierMessages } from "./earlier-messages";
import { ThreadMessageItem } from "./thread-message-item";
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
        <EarlierMessages key={thread.earlier ?? "start"} conversationId={thread.id} before={thread.earlier} />
        {thread.messages.map((message) => (
          <ThreadMessageItem key={message.id} message={message} />
        ))}
      </ol>
      <section aria-label="Reply" className={`card ${styles.reply}`}>
        <ReplyBox conversationId={thread.id} userId={user.id} />
      </section>
    </div>
  );
}
