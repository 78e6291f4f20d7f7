import styles from "./spinner.module.css";

/** A small decorative spinner; the surrounding control carries the accessible state (aria-busy, label). */
export function Spinner({ size = "1em" }: { size?: string }) {
  return (
    <span className={styles.spinner} style={{ width: size, height: size }} aria-hidden="true" data-testid="spinner" />
  );
}
