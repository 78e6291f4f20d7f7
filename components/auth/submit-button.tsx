import { Spinner } from "@/components/ui/spinner";

/** The form's primary button; while the action runs it is busy and says what is happening. */
export function SubmitButton({
  pending,
  label,
  pendingLabel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <button type="submit" className="button button-primary button-large" disabled={pending} aria-busy={pending}>
      {pending ? (
        <>
          <Spinner /> {pendingLabel}
        </>
      ) : (
        label
      )}
    </button>
  );
}
