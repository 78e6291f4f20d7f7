import type { ReactNode } from "react";
import styles from "./auth-form.module.css";

/** The centred card of an account page, with its heading. */
export function AuthPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={styles.wrapper}>
      <div className={`card ${styles.panel}`}>
        <h1 className={styles.title}>{title}</h1>
        {children}
      </div>
    </div>
  );
}
