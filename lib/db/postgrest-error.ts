import { AppError } from "@/lib/errors/app-error";

/** The error half of a supabase-js result: PostgREST's JSON body, or `{ message, code: "" }` with status 0 on a network failure. */
export type DbError = { code?: string; message: string; details?: string | null; hint?: string | null };
export type DbResult<T> = { data: T | null; error: DbError | null; status: number };

export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";
export const INSUFFICIENT_PRIVILEGE = "42501";

export function hasCode(error: DbError | null, code: string): boolean {
  return error?.code === code;
}

/** SQLSTATE classes of failures that a retry can cure: connection, rollback, resources, operator intervention, system. */
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)/;

/**
 * No answer (network error, server-side timeout), a gateway/PostgREST that cannot reach its database, or a
 * database that went away in the middle of the request: PostgREST then answers 500 with a transient SQLSTATE,
 * or, when the connection was lost under it, an error with an empty code and message (seen in the reliability
 * suite's database-down storm). Every error PostgREST or PostgreSQL raise on purpose has a code.
 */
export function isUnavailable(result: { error: DbError | null; status: number }): boolean {
  if (result.error === null) return false;
  if (result.status === 0 || result.status === 502 || result.status === 503 || result.status === 504) return true;
  if (!result.error.code) return true;
  return result.status >= 500 && TRANSIENT_SQLSTATE.test(result.error.code);
}

/** Turns a result we did not expect into an AppError, without leaking SQL text to the client. */
export function unexpected(result: { error: DbError | null; status: number }, what: string): AppError {
  if (isUnavailable(result)) {
    return new AppError("supabase_unavailable", "The database is unavailable or too slow right now. Please retry.", {
      cause: result,
    });
  }
  // PostgREST refused the JWT (e.g. it expired between our check and the query).
  if (result.status === 401) return new AppError("unauthorized", "Sign in to continue.", { cause: result });
  return new AppError("internal_error", `Could not ${what}.`, { cause: result });
}
