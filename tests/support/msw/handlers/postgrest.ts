import { http, HttpResponse, type DefaultBodyType, type StrictRequest } from "msw";
import { REST_URL } from "@/tests/support/msw/supabase-url";

/** PostgREST's answers as the real server gives them (the integration tests run against one). */
export const postgrest = {
  /** A list read (also what maybeSingle() sends): always a JSON array. */
  rows(rows: object[]) {
    const range = rows.length === 0 ? "*/*" : `0-${rows.length - 1}/*`;
    return HttpResponse.json(rows, { headers: { "Content-Range": range } });
  },
  /** insert().select().single(): 201 with the row as an object. */
  created(row: object) {
    return HttpResponse.json(row, {
      status: 201,
      headers: { "Content-Range": "*/*", "Content-Type": "application/vnd.pgrst.object+json; charset=utf-8" },
    });
  },
  /** A database error mapped by PostgREST; `details` is null on tables with row-level security. */
  error(status: number, code: string, message: string) {
    return HttpResponse.json({ code, details: null, hint: null, message }, { status });
  },
  uniqueViolation(index: string) {
    return postgrest.error(409, "23505", `duplicate key value violates unique constraint "${index}"`);
  },
};

type Resolver = (request: StrictRequest<DefaultBodyType>, url: URL) => Response | Promise<Response>;

/** Handlers for one table that also record what reached them, in order. */
export function tableHandlers(table: string, resolvers: { get?: Resolver[]; post?: Resolver[] }) {
  const calls: { method: string; url: URL; body: unknown }[] = [];
  const queues = { GET: [...(resolvers.get ?? [])], POST: [...(resolvers.post ?? [])] };
  const handler =
    (method: "GET" | "POST") =>
    async ({ request }: { request: StrictRequest<DefaultBodyType> }) => {
      const url = new URL(request.url);
      const body = method === "POST" ? await request.clone().json() : undefined;
      calls.push({ method, url, body });
      const next = queues[method].shift();
      if (!next) return postgrest.error(500, "XX000", `unit test: unexpected ${method} /${table} #${calls.length}`);
      return next(request, url);
    };
  return {
    calls,
    handlers: [http.get(`${REST_URL}/${table}`, handler("GET")), http.post(`${REST_URL}/${table}`, handler("POST"))],
  };
}
