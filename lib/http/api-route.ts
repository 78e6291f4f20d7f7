import { NextResponse, type NextRequest } from "next/server";
import type { CookieMethodsServer } from "@supabase/ssr";
import type { z } from "zod";
import { authenticateRequest, bearerToken, type AuthenticatedUser } from "@/lib/auth/authenticate-request";
import { AppError } from "@/lib/errors/app-error";
import { errorBody } from "@/lib/errors/error-body";
import { ERROR_STATUS } from "@/lib/http/error-status";
import { withIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readParams, readQuery } from "@/lib/http/read-query";
import { requestIdOf } from "@/lib/http/request-id";
import { isSameOrigin } from "@/lib/http/same-origin";
import { servedOverHttps } from "@/lib/supabase/session-cookies";
import type { UserSupabaseClient } from "@/lib/supabase/types";

type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;

type RouteConfig = {
  /** true: the caller must be signed in (401 otherwise); the handler gets `user` and a user-scoped client. */
  auth: boolean;
  /** JSON body schema (POST): parsed into `input`. */
  body?: Schema;
  /** Query-string schema (GET): parsed into `input`. */
  query?: Schema;
  /** Dynamic route segments schema, e.g. `z.object({ id: z.uuid() })`. */
  params?: Schema;
  /** The body's `client_message_id` may come from the `Idempotency-Key` header instead (lib/http/idempotency-key.ts). */
  idempotencyKey?: boolean;
};

type AuthContext<C extends RouteConfig> = C["auth"] extends true
  ? { user: AuthenticatedUser; supabase: UserSupabaseClient }
  : { user?: undefined; supabase?: undefined };

export type RouteContext<C extends RouteConfig> = AuthContext<C> & {
  request: NextRequest;
  /** The parsed body (or, for a route without one, the parsed query). */
  input: C["body"] extends Schema ? Infer<C["body"]> : Infer<C["query"]>;
  params: Infer<C["params"]>;
  requestId: string;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The one way through an API request: parse (params, query, body: 4xx before any Supabase call), refuse
 * cross-site cookie writes, authenticate, run the handler. Every answer, success or error, leaves with
 * `Cache-Control: private, no-store`, the request id, and the cookies a session refresh produced (a rotated
 * refresh token is single-use: losing it, e.g. on an error answer, signs the user out later). Every failure
 * leaves as `{ error: { code, message } }`, never a stack trace.
 */
export function apiRoute<const C extends RouteConfig>(
  config: C,
  handler: (context: RouteContext<C>) => Promise<NextResponse>,
) {
  return async (request: NextRequest, nextContext?: NextContext): Promise<NextResponse> => {
    const requestId = requestIdOf(request);
    const refreshed: Parameters<NonNullable<CookieMethodsServer["setAll"]>>[0] = [];
    const cookies: CookieMethodsServer = {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet) => void refreshed.push(...cookiesToSet),
    };

    let response: NextResponse;
    try {
      const params = config.params ? readParams(await nextContext?.params, config.params) : undefined;
      const query = config.query ? readQuery(request.nextUrl, config.query) : undefined;
      const parsed = config.body ? await readJsonBody(request, config.body) : undefined;
      const body = config.idempotencyKey
        ? withIdempotencyKey(request, parsed as { client_message_id?: string })
        : parsed;
      let auth: Partial<Awaited<ReturnType<typeof authenticateRequest>>> = {};
      if (config.auth) {
        if (!bearerToken(request) && UNSAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
          throw new AppError("cross_site_request", "Cross-site requests cannot use your session.");
        }
        auth = await authenticateRequest(request, {
          cookies,
          requestId,
          secure: servedOverHttps(request.headers, request.url),
        });
      }
      response = await handler({
        request,
        requestId,
        params,
        input: config.body ? body : query,
        ...auth,
      } as RouteContext<C>);
    } catch (error) {
      response = errorResponse(error, requestId);
    }

    for (const { name, value, options } of refreshed) response.cookies.set(name, value, options);
    response.headers.set("Cache-Control", "private, no-store");
    response.headers.set("x-request-id", requestId);
    return response;
  };
}

function errorResponse(error: unknown, requestId: string): NextResponse {
  const appError =
    error instanceof AppError ? error : new AppError("internal_error", "Something went wrong on our side.");
  const status = ERROR_STATUS[appError.code];
  if (status >= 500) console.error("API error", { code: appError.code, requestId, cause: appError.cause ?? error });
  const headers: Record<string, string> = {};
  // We stopped reading the body midway: the connection cannot carry another request, so say so
  // (otherwise the client reuses it and its next request fails with a connection reset).
  if (appError.code === "payload_too_large" || appError.code === "incomplete_body") headers.Connection = "close";
  return NextResponse.json(errorBody(appError), { status, headers });
}
