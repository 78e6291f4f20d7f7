// GoTrue-shaped errors: the 2024-01-01 API shape or the legacy shape, chosen by the request header.
import type { IncomingMessage, ServerResponse } from "node:http";

export const API_VERSION_HEADER = "x-supabase-api-version";
export const API_VERSION_2024 = "2024-01-01";

export class AuthError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const unprocessable = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AuthError(422, code, message, extra);

/** True when the client asked for the 2024-01-01 API (supabase-js always does). */
export function wantsNewApi(req: IncomingMessage): boolean {
  const v = req.headers[API_VERSION_HEADER];
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= API_VERSION_2024;
}

/** Writes `err` as GoTrue would: `{code, message}` + version header for 2024-01-01, else `{code:<status>, error_code, msg}`. */
export function sendAuthError(req: IncomingMessage, res: ServerResponse, err: AuthError): void {
  const headers: Record<string, string> = { "Content-Type": "application/json", "x-sb-error-code": err.code };
  let body: Record<string, unknown>;
  if (wantsNewApi(req)) {
    headers["X-Supabase-Api-Version"] = API_VERSION_2024;
    body = { code: err.code, message: err.message, ...err.extra };
  } else {
    body = { code: err.status, error_code: err.code, msg: err.message, ...err.extra };
  }
  const text = JSON.stringify(body);
  res.writeHead(err.status, { ...headers, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
