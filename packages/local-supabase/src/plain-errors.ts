// Errors whose message says all the user needs (what is wrong and what to do): shown as they are, without a
// stack trace.
import { DatabaseUnreachableError } from "./database.ts";
import { PostgrestNotFoundError, PostgrestUnusableError } from "./postgrest-binary.ts";
import { PortInUseError } from "./ports.ts";
import { ForeignDatabaseError } from "./stack-database.ts";
import { StackAlreadyRunningError } from "./stack-pid-file.ts";

export function isPlainError(err: unknown): err is Error {
  return (
    err instanceof PortInUseError ||
    err instanceof DatabaseUnreachableError ||
    err instanceof PostgrestNotFoundError ||
    err instanceof PostgrestUnusableError ||
    err instanceof StackAlreadyRunningError ||
    err instanceof ForeignDatabaseError
  );
}
