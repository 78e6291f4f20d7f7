import { LocalTime } from "@/components/ui/local-time";
import type { ThreadMessage } from "@/lib/messages/read/get-thread";
import styles from "./thread.module.css";

/** One message of the thread, as the server page and the earlier pages loaded on demand both show it. */
export function ThreadMessageItem({ message }: { message: ThreadMessage }) {
  return (
    <li className={message.fromViewer ? styles.mine : styles.theirs}>
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
  );
}
