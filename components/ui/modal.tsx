"use client";

import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";
import styles from "./modal.module.css";

type ModalProps = {
  open: boolean;
  /** Asked to close (Escape, the × button, a click on the backdrop); the parent decides by changing `open`. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** Receives focus when the dialog opens (defaults to the first focusable element). */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /**
   * Gets focus back when the dialog closes. The browser already returns focus to the element that had it when
   * the dialog opened; this covers a dialog opened without a click (a draft restored after sign-in).
   */
  returnFocusRef?: RefObject<HTMLElement | null>;
  children: ReactNode;
};

/**
 * A modal dialog on the native `<dialog>` opened with showModal(): the browser makes the rest of the page inert,
 * keeps focus inside, turns Escape into a `cancel` event and puts the dialog in the top layer.
 */
export function Modal({ open, onClose, title, description, initialFocusRef, returnFocusRef, children }: ModalProps) {
  const titleId = useId();
  const descriptionId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  /** Set while the effect closes the dialog itself, so its `close` event is not taken for a request to close. */
  const closingForCleanup = useRef(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!open || !dialog) return;
    if (!dialog.open) dialog.showModal();
    initialFocusRef?.current?.focus();
    const returnTo = returnFocusRef?.current;
    return () => {
      if (dialog.open) {
        closingForCleanup.current = true;
        dialog.close();
      }
      returnTo?.focus();
    };
  }, [open, initialFocusRef, returnFocusRef]);

  if (!open) return null;

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={styles.dialog}
      onCancel={(event) => {
        // Escape: the parent decides whether the dialog closes (it stays open while a send is in flight).
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        // `close` is queued as a task: it may arrive after React (strict mode) closed and reopened the dialog.
        if (closingForCleanup.current) {
          closingForCleanup.current = false;
          return;
        }
        // Closed by the browser itself (Chrome closes on a second Escape even when `cancel` was refused).
        onClose();
      }}
      onMouseDown={(event) => {
        // The content fills the dialog box, so a press on the dialog element itself is a press on the backdrop.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className={styles.content}>
        <div className={styles.header}>
          <h2 id={titleId} className={styles.title}>
            {title}
          </h2>
          <button type="button" className={styles.close} onClick={onClose} aria-label="Close">
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {description ? (
          <p id={descriptionId} className="subtitle">
            {description}
          </p>
        ) : null}
        {children}
      </div>
    </dialog>
  );
}
