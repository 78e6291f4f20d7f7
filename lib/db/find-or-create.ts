import { AppError } from "@/lib/errors/app-error";
import { hasCode, unexpected, UNIQUE_VIOLATION, type DbResult } from "@/lib/db/postgrest-error";

export type FoundOrCreated<T> = { row: T; created: boolean };

type Options<T> = {
  /** Reads the row that the unique index guards; `data: null` when there is none. */
  find: () => PromiseLike<DbResult<T>>;
  /** Inserts the row and returns it. */
  create: () => PromiseLike<DbResult<T>>;
  /** Look before inserting (cheap when the row usually exists) or insert straight away (when it usually does not). */
  findFirst: boolean;
  /** Names the thing in errors and logs, e.g. "conversation". */
  what: string;
  /** Context logged if the row can be neither inserted nor re-read. */
  logContext: Record<string, unknown>;
  /**
   * The error when the insert hit the unique index but the row holding the key is not visible to the caller
   * (row-level security). Without it, that case is logged and answered 500.
   */
  whenKeyHeldElsewhere?: () => AppError;
};

/**
 * Find-or-create where a unique index, not the check, is the arbiter: a concurrent insert makes ours fail
 * with 23505 and we return the row that won. Safe under any number of concurrent callers.
 */
export async function findOrCreate<T>(options: Options<T>): Promise<FoundOrCreated<T>> {
  if (options.findFirst) {
    const existing = await options.find();
    if (existing.error) throw unexpected(existing, `look up the ${options.what}`);
    if (existing.data !== null) return { row: existing.data, created: false };
  }

  const inserted = await options.create();
  if (!inserted.error && inserted.data !== null) return { row: inserted.data, created: true };
  if (!hasCode(inserted.error, UNIQUE_VIOLATION)) throw unexpected(inserted, `create the ${options.what}`);

  // Our insert lost to a concurrent one, or to an earlier attempt of the same send: return the row that won.
  const winner = await options.find();
  if (!winner.error && winner.data !== null) return { row: winner.data, created: false };
  if (!winner.error && options.whenKeyHeldElsewhere) throw options.whenKeyHeldElsewhere();

  console.error(`findOrCreate: ${options.what} lost the unique-index race but could not be re-read`, {
    ...options.logContext,
    error: winner.error ?? "no row",
  });
  if (winner.error) throw unexpected(winner, `read back the ${options.what}`);
  throw new AppError("internal_error", `Could not read back the ${options.what}.`);
}
