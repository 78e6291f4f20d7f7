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
  return NextResponse.json(errorBody(appError), { status: appError.status, headers: { "Cache-Control": "no-store" } });
}
