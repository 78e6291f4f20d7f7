import Link from "next/link";
import styles from "./home.module.css";
import { paths } from "@/lib/paths";

export default function HomePage() {
  return (
    <div className={styles.home}>
      <section className={styles.hero}>
        <p className="eyebrow">Travel, planned with people</p>
        <h1 className={styles.title}>Talk to a travel agency before you book.</h1>
        <p className={styles.lead}>
          Browse independent agencies, ask them about dates, prices or the trip you have in mind, and keep every answer
          in one inbox.
        </p>
        <div className={styles.actions}>
          <Link href={paths.agencies()} className="button button-primary button-large">
            Browse agencies
          </Link>
          <Link href={paths.inbox()} className="button button-ghost button-large">
            Your messages
          </Link>
        </div>
      </section>
      <ul className={styles.features}>
        <li className="card">
          <h2>Real specialists</h2>
          <p>Small agencies that know their regions, from Lofoten kayaking to Silk Road overland routes.</p>
        </li>
        <li className="card">
          <h2>One thread per agency</h2>
          <p>Every question you send an agency lands in the same conversation, so nothing gets lost.</p>
        </li>
        <li className="card">
          <h2>Answers in your inbox</h2>
          <p>Replies appear under Messages, newest first, whichever device you sent from.</p>
        </li>
      </ul>
    </div>
  );
}
