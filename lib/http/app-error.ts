/** Every failure the API reports, with the HTTP status it maps to. One error shape for the whole API. */
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  cross_site_request: 403,
  agency_not_found: 404,
  conversation_not_found: 404,
  idempotency_key_reused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  supabase_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

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

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; issues?: FieldIssue[] } };

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
}
