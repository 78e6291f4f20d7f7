import { http, HttpResponse } from "msw";
import { sessionFor } from "@/tests/support/msw/handlers/auth";
import { AUTH_URL } from "@/tests/support/msw/supabase-url";

/** One request an Auth handler received: its JSON body and query (supabase-js sends redirect_to as a query). */
export type AuthCall = { body: Record<string, unknown>; query: URLSearchParams };

/** Supabase Auth's error body (error_code is what supabase-js reads as `error.code`). */
export function authError(status: number, code: string, message: string) {
  return HttpResponse.json({ code: status, error_code: code, msg: message }, { status });
}

type Answer = (call: AuthCall) => Response | Promise<Response>;

/** A handler for `METHOD /auth/v1<path>` that records each call and answers with `answer`. */
function recorded(method: "post" | "put", path: string, answer: Answer) {
  const calls: AuthCall[] = [];
  const handler = http[method](`${AUTH_URL}${path}`, async ({ request }) => {
    const call = { body: (await request.json()) as Record<string, unknown>, query: new URL(request.url).searchParams };
    calls.push(call);
    return answer(call);
  });
  return { handler, calls };
}

const apiVersion = { "X-Supabase-Api-Version": "2024-01-01" };

export const authFlows = {
  signup: (answer: Answer) => recorded("post", "/signup", answer),
  verify: (answer: Answer) => recorded("post", "/verify", answer),
  recover: (answer: Answer) => recorded("post", "/recover", answer),
  resend: (answer: Answer) => recorded("post", "/resend", answer),
  updateUser: (answer: Answer) => recorded("put", "/user", answer),
};

/** /signup or /verify signing the person in (confirmations off, or a verified link). */
export async function signedIn(userId: string) {
  return HttpResponse.json(await sessionFor(userId, 3600), { headers: apiVersion });
}

/** /signup with confirmations on: a user, no session (also Auth's obfuscated answer for a taken address). */
export function confirmationSent(email: string) {
  return HttpResponse.json(
    { id: crypto.randomUUID(), aud: "authenticated", role: "", email, confirmation_sent_at: new Date().toISOString() },
    { headers: apiVersion },
  );
}
