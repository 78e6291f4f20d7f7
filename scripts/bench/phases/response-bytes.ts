// Phase 5: the button's check for a user with INBOX_SIZE conversations, against the whole list: response bytes on
// the wire (with and without gzip) and sequential p50, so the check's cost is seen not to grow with the inbox.
import { request as httpRequest } from "node:http";
import { createUsers, PUBLISHABLE_KEY, withClient } from "local-supabase";
import { createAgencies } from "../../test-harness/agencies.ts";
import type { BenchContext } from "../context.ts";
import { median } from "../numbers.ts";
import type { ByteEntry, ResponseBytes } from "../result.ts";

const INBOX_SIZE = 500;

type HttpAnswer = { status: number; body: Buffer; headers: Record<string, string | string[] | undefined>; ms: number };

/** One GET with node:http, so that the bytes on the wire (after Content-Encoding) can be counted. */
function httpGet(url: string, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = httpRequest(url, { method: "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          headers: res.headers,
          ms: performance.now() - t0,
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

/** Rows in a JSON answer: a PostgREST array or the API's `{ data: [...] }`; null for anything else. */
function rowsIn(body: Buffer): number | null {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    if (Array.isArray(parsed)) return parsed.length;
    const data = (parsed as { data?: unknown }).data;
    return Array.isArray(data) ? data.length : null;
  } catch {
    return null;
  }
}

export async function measureResponseBytes({
  stack,
  app,
  conversationsUrl,
  log,
}: BenchContext): Promise<ResponseBytes> {
  const [user] = await createUsers(stack.apiUrl, "inbox", 1);
  if (!user) throw new Error("no inbox user");
  const agencies = await createAgencies(stack.dbUrl, INBOX_SIZE, "inbox");
  await withClient(stack.dbUrl, (c) =>
    c.query(
      `insert into public.conversations (context_type, context_id, created_by, last_message_at)
       select 'agency_inquiry', a, $1, now() - (n || ' minutes')::interval from unnest($2::uuid[]) with ordinality as t(a, n)`,
      [user.id, agencies],
    ),
  );
  const probeAgency = agencies[INBOX_SIZE - 1]!; // the oldest: last in the list order
  const auth = { authorization: `Bearer ${user.accessToken}` };

  const bytesOf = async (name: string, url: string, headers: Record<string, string>): Promise<ByteEntry> => {
    const plain: HttpAnswer[] = [];
    for (let i = 0; i < 10; i++) plain.push(await httpGet(url, headers));
    const gz = await httpGet(url, { ...headers, "accept-encoding": "gzip" });
    const last = plain.at(-1)!;
    const entry: ByteEntry = {
      name,
      url: url.replace(app.url, "").replace(stack.apiUrl, "<api>"),
      status: last.status,
      rows: rowsIn(last.body),
      bytes: last.body.length,
      gzipBytes: gz.headers["content-encoding"] === "gzip" ? gz.body.length : null,
      p50Ms: Math.round(median(plain.map((a) => a.ms)) * 10) / 10,
    };
    log(
      `bytes ${name}: HTTP ${entry.status}, ${entry.rows} rows, ${entry.bytes} B (gzip ${entry.gzipBytes ?? "n/a"}), p50 ${entry.p50Ms} ms`,
    );
    return entry;
  };

  const conversations = await withClient(stack.dbUrl, async (c) =>
    Number(
      (await c.query<{ n: string }>("select count(*) as n from public.conversations where created_by = $1", [user.id]))
        .rows[0]!.n,
    ),
  );
  return {
    conversations,
    check: await bytesOf(
      "check (filtered, limit=1)",
      `${conversationsUrl}?context_type=agency_inquiry&context_id=${probeAgency}&limit=1`,
      auth,
    ),
    list: await bytesOf("whole list via API (limit=100, the cap)", `${conversationsUrl}?limit=100`, auth),
    overCap: await bytesOf("limit=500 via API (over the cap)", `${conversationsUrl}?limit=500`, auth),
    rawFull: await bytesOf("raw PostgREST full list", `${stack.apiUrl}/rest/v1/conversations?select=*`, {
      ...auth,
      apikey: PUBLISHABLE_KEY,
    }),
  };
}
