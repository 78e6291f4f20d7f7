import styles from "./agencies.module.css";

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Loading agencies…</span>
      <div className="skeleton" style={{ width: "16rem", height: "2.25rem", marginBottom: "1rem" }} />
      <div className="skeleton" style={{ width: "min(30rem, 100%)", height: "1.25rem", marginBottom: "2rem" }} />
      <div className={styles.grid}>
        {Array.from({ length: 6 }, (_, index) => (
          <div key={index} className={`skeleton ${styles.skeletonCard}`} />
        ))}
      </div>
    </div>
  );
}
