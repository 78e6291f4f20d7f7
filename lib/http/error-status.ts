import type { ErrorCode } from "@/lib/errors/app-error";

/** The HTTP status of each error code: the one place where failures become statuses. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  incomplete_body: 400,
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
};
