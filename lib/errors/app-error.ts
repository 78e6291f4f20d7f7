/**
 * Every failure the app reports, by code. Neutral: the data layer raises these, the API maps them to HTTP
 * statuses (lib/http/error-status.ts), the client components read them back from error bodies.
 */
export const ERROR_CODES = [
  "invalid_json",
  "incomplete_body",
  "validation_failed",
  "unauthorized",
  "cross_site_request",
  "agency_not_found",
  "conversation_not_found",
  "idempotency_key_reused",
  "payload_too_large",
  "unsupported_media_type",
  "internal_error",
  "supabase_unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];

  constructor(code: ErrorCode, message: string, options?: { issues?: FieldIssue[]; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options?.issues;
  }
}
