"use client";

import { useId, type RefObject } from "react";
import { MESSAGE_MAX_LENGTH } from "@/lib/messages/schemas";
import { Spinner } from "@/components/ui/spinner";
import styles from "./message-composer.module.css";

type MessageComposerProps = {
  text: string;
  onTextChange: (text: string) => void;
  onSend: () => void;
  sending: boolean;
  error: string | null;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  placeholder?: string;
  rows?: number;
  sendLabel?: string;
  /** Shown as a "Discard" button when given (e.g. while a send waits for the connection). */
  onDiscard?: () => void;
};

/** A labelled message box with a live character count; Ctrl/Cmd+Enter sends. */
export function MessageComposer({
  text,
  onTextChange,
  onSend,
  sending,
  error,
  textareaRef,
  placeholder,
  rows = 6,
  sendLabel = "Send",
  onDiscard,
}: MessageComposerProps) {
  const textareaId = useId();
  const countId = useId();
  const errorId = useId();
  const length = text.length;
  const tooLong = length > MESSAGE_MAX_LENGTH;
  const empty = text.trim().length === 0;

  return (
    <form
      className={styles.form}
      noValidate
      aria-busy={sending}
      onSubmit={(event) => {
        event.preventDefault();
        if (!empty && !tooLong) onSend();
      }}
    >
      <label htmlFor={textareaId} className={styles.label}>
        Message
      </label>
      <textarea
        id={textareaId}
        ref={textareaRef}
        className={styles.textarea}
        value={text}
        rows={rows}
        placeholder={placeholder}
        aria-invalid={tooLong || undefined}
        aria-describedby={`${countId}${error ? ` ${errorId}` : ""}`}
        onChange={(event) => onTextChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div className={styles.meta}>
        <span id={countId} className={tooLong ? styles.countOver : styles.count}>
          {length} / {MESSAGE_MAX_LENGTH} characters{tooLong ? " — too long" : ""}
        </span>
        <span className={styles.hint} aria-hidden="true">
          Ctrl + Enter to send
        </span>
      </div>
      {error ? (
        <p id={errorId} role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <div className={styles.actions}>
        {onDiscard ? (
          <button type="button" className="button button-ghost" onClick={onDiscard}>
            Discard
          </button>
        ) : null}
        <button
          type="submit"
          className="button button-primary"
          disabled={sending || empty || tooLong}
          aria-disabled={sending || empty || tooLong}
        >
          {sending ? (
            <>
              <Spinner /> Sending…
            </>
          ) : (
            sendLabel
          )}
        </button>
      </div>
    </form>
  );
}
