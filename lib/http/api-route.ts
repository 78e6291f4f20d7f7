import { NextResponse } from "next/server";
import { AppError, errorBody } from "@/lib/http/app-error";

/** Wraps a route handler so that every failure leaves as `{ error: { code, message } }`, never a stack trace. */
export function apiRoute<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  const appError = error instanceof AppError ? error : new AppError("internal_error", "Something went wrong on our side.");
  if (appError.status >= 500) console.error("API error", { code: appError.code, cause: appError.cause ?? error });
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  // We stopped reading an oversized body midway: the connection cannot carry another request, so say so
  // (otherwise the client reuses it and its next request fails with a connection reset).
  if (appError.code === "payload_too_large") headers.Connection = "close";
  return NextResponse.json(errorBody(appError), { status: appError.status, headers });
}
