import { ERROR_CODES, type AppError, type ErrorCode, type FieldIssue } from "@/lib/errors/app-error";

/** The one error shape of the API: `{ error: { code, message, issues? } }`. */
export type ErrorBody = { error: ErrorDetails };
export type ErrorDetails = { code: ErrorCode; message: string; issues?: FieldIssue[] };

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
}

/** The error of an API answer, or null when the body is not one (a proxy's HTML page, an empty body). */
export function parseErrorBody(json: unknown): ErrorDetails | null {
  if (typeof json !== "object" || json === null || !("error" in json)) return null;
  const error = (json as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, issues } = error as Record<string, unknown>;
  if (typeof code !== "string" || !(ERROR_CODES as readonly string[]).includes(code)) return null;
  if (typeof message !== "string") return null;
  return {
    code: code as ErrorCode,
    message,
    ...(Array.isArray(issues) ? { issues: issues.filter(isFieldIssue) } : {}),
  };
}

function isFieldIssue(value: unknown): value is FieldIssue {
  const issue = value as Partial<FieldIssue> | null;
  return typeof issue?.path === "string" && typeof issue.message === "string";
}
