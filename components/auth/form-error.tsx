import styles from "./auth-form.module.css";

/** The message about a whole form (wrong credentials, too many attempts), announced when it appears. */
export function FormError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className={styles.formError}>
      {message}
    </p>
  );
}
