import { createClient } from "@supabase/supabase-js";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { readUnreadSummary } from "@/lib/messages/read/read-unread-summary";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";
import { postgrest, tableHandlers } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { PUBLISHABLE_KEY, SUPABASE_URL } from "@/tests/support/msw/supabase-url";
import type { Database } from "@/lib/supabase/database.types";

const carol = seededUsers.carol.id;
const supabase = () => createClient<Database>(SUPABASE_URL, PUBLISHABLE_KEY, { auth: { persistSession: false } });

/** single(): PostgREST answers one row as an object. */
const one = (row: object) =>
  HttpResponse.json(row, { headers: { "Content-Type": "application/vnd.pgrst.object+json; charset=utf-8" } });

afterEach(() => server.resetHandlers());

describe("readUnreadSummary", () => {
  it("reads the total and the agencies in one request, and names the topics", async () => {
    const view = tableHandlers("my_unread_total", {
      get: [() => one({ unread_count: 1234, agency_ids: [seededAgencies.acme.id] })],
    });
    server.use(...view.handlers);

    expect(await readUnreadSummary(supabase(), carol)).toEqual({
      total: 1234,
      topics: [`inbox:user:${carol}`, `inbox:agency:${seededAgencies.acme.id}`],
    });
    expect(view.calls).toHaveLength(1);
    expect(view.calls[0]!.url.searchParams.get("select")).toBe("unread_count,agency_ids");
  });

  it("has the user's own topic only when they staff no agency", async () => {
    const view = tableHandlers("my_unread_total", { get: [() => one({ unread_count: 0, agency_ids: [] })] });
    server.use(...view.handlers);
    expect(await readUnreadSummary(supabase(), carol)).toEqual({ total: 0, topics: [`inbox:user:${carol}`] });
  });

  it("throws on an error answer (the header then shows the plain link)", async () => {
    const view = tableHandlers("my_unread_total", { get: [() => postgrest.error(500, "XX000", "boom")] });
    server.use(...view.handlers);
    await expect(readUnreadSummary(supabase(), carol)).rejects.toMatchObject({
      code: "internal_error",
      message: "Could not count your unread messages.",
    });
  });
});
