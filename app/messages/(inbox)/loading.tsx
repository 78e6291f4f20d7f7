import styles from "./inbox.module.css";

export default function Loading() {
  return (
    <div className="page-narrow" aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Loading your conversations…</span>
      <div className="skeleton" style={{ width: "10rem", height: "2.25rem", marginBottom: "1rem" }} />
      <div className="skeleton" style={{ width: "min(24rem, 100%)", height: "1.25rem", marginBottom: "2rem" }} />
      <div className={`card ${styles.list}`}>
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className={styles.item}>
            <div className={`skeleton ${styles.avatar}`} />
            <div className={styles.body} style={{ display: "grid", gap: "0.5rem" }}>
              <div className="skeleton" style={{ width: "40%", height: "1rem" }} />
              <div className="skeleton" style={{ width: "85%", height: "0.875rem" }} />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
