import { NextResponse, type NextRequest } from "next/server";
import { applyRefreshedCookies } from "@/lib/auth/authenticate-request";
import { AppError, errorBody } from "@/lib/http/app-error";

/**
 * Wraps a route handler: every failure leaves as `{ error: { code, message } }`, never a stack trace, and every
 * answer, success or error, carries the cookies a session refresh produced.
 */
export function apiRoute<Rest extends unknown[]>(
  handler: (request: NextRequest, ...rest: Rest) => Promise<NextResponse>,
) {
  return async (request: NextRequest, ...rest: Rest): Promise<NextResponse> => {
    let response: NextResponse;
    try {
      response = await handler(request, ...rest);
    } catch (error) {
      response = errorResponse(error);
    }
    return applyRefreshedCookies(request, response);
  };
}

function errorResponse(error: unknown): NextResponse {
  const appError =
    error instanceof AppError ? error : new AppError("internal_error", "Something went wrong on our side.");
  if (appError.status >= 500) console.error("API error", { code: appError.code, cause: appError.cause ?? error });
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  // We stopped reading an oversized body midway: the connection cannot carry another request, so say so
  // (otherwise the client reuses it and its next request fails with a connection reset).
  if (appError.code === "payload_too_large") headers.Connection = "close";
  return NextResponse.json(errorBody(appError), { status: appError.status, headers });
}
