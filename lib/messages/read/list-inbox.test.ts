import { createClient } from "@supabase/supabase-js";
import { afterEach, describe, expect, it } from "vitest";
import { conversationCursorParam } from "@/lib/messages/cursor";
import { listInbox } from "@/lib/messages/read/list-inbox";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";
import { postgrest, tableHandlers } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { PUBLISHABLE_KEY, SUPABASE_URL } from "@/tests/support/msw/supabase-url";
import type { Database } from "@/lib/supabase/database.types";

const carol = seededUsers.carol.id;
const bob = seededUsers.bob.id;
const acme = seededAgencies.acme;
const fjord = seededAgencies.fjord;

const supabase = () => createClient<Database>(SUPABASE_URL, PUBLISHABLE_KEY, { auth: { persistSession: false } });

/** The viewer's memberships (the inbox's first request). */
const memberships = (...agencyIds: string[]) =>
  tableHandlers("agency_members", { get: [() => postgrest.rows(agencyIds.map((agency_id) => ({ agency_id })))] });

/** Each source's page: rows filtered the way the request asked (created_by or context_id). */
const bySource = (rows: { created_by: string; context_id: string }[]) => (_request: unknown, url: URL) => {
  const createdBy = url.searchParams.get("created_by")?.replace("eq.", "");
  const agencyId = url.searchParams.get("context_id")?.replace("eq.", "");
  return postgrest.rows(rows.filter((row) => (createdBy ? row.created_by === createdBy : row.context_id === agencyId)));
};

afterEach(() => server.resetHandlers());

describe("listInbox", () => {
  it("names inquiries by agency for their author and by customer for agency staff, in the order given", async () => {
    const rows = [
      {
        id: "c1",
        context_id: acme.id,
        created_by: bob,
        created_at: "2026-11-20T10:00:00+00:00",
        last_message_at: "2026-11-27T10:00:00+00:00",
        // Bob wrote three times, staff replied twice; Carol had read Bob's first message.
        customer_message_count: 3,
        agency_message_count: 2,
        conversation_reads: [{ seen_count: 1 }],
        agency: acme,
        messages: [{ body: "Hello   Carol,\nthanks!", sender_id: bob, created_at: "2026-11-27T10:00:00+00:00" }],
      },
      {
        id: "c2",
        context_id: fjord.id,
        created_by: carol,
        created_at: "2026-11-21T10:00:00+00:00",
        last_message_at: null,
        customer_message_count: 1,
        agency_message_count: 1,
        conversation_reads: [],
        agency: fjord,
        messages: [],
      },
    ];
    // Carol is staff of Acme (c1 reached her there) and wrote to Fjord & Fell herself (c2).
    const conversations = tableHandlers("conversations", { get: [bySource(rows), bySource(rows)] });
    const profiles = tableHandlers("rpc/partner_profiles", {
      get: [() => postgrest.rows([{ id: bob, display_name: "Bob Okafor" }])],
    });
    server.use(...memberships(acme.id).handlers, ...conversations.handlers, ...profiles.handlers);

    const { items, next } = await listInbox(supabase(), carol);
    expect(next).toBeNull();

    expect(items).toEqual([
      {
        id: "c1",
        agency: { name: "Acme Travel", slug: "acme-travel" },
        viewerRole: "agency",
        title: "Bob Okafor",
        lastMessage: { excerpt: "Hello Carol, thanks!", fromViewer: false },
        activityAt: "2026-11-27T10:00:00+00:00",
        // Staff count the customer's messages only: 3 sent, 1 seen.
        unreadCount: 2,
      },
      {
        id: "c2",
        agency: { name: "Fjord & Fell Adventures", slug: "fjord-and-fell" },
        viewerRole: "customer",
        title: "Fjord & Fell Adventures",
        lastMessage: null,
        activityAt: "2026-11-21T10:00:00+00:00",
        // The customer counts the agency's reply, never read.
        unreadCount: 1,
      },
    ]);
    expect(
      conversations.calls
        .map((call) => call.url.searchParams.get("created_by") ?? call.url.searchParams.get("context_id"))
        .sort(),
    ).toEqual([`eq.${acme.id}`, `eq.${carol}`].sort());
    const query = conversations.calls[0]!.url.searchParams;
    expect(query.get("order")).toBe("last_message_at.desc.nullslast,created_at.desc,id.desc");
    expect(query.get("messages.order")).toBe("created_at.desc,id.desc");
    expect(query.get("limit")).toBe("21");
    expect(query.get("messages.limit")).toBe("1");
    // Each row's agency comes embedded in the same request (public.agency(conversations)).
    expect(query.get("select")).toContain("agency(id,name,slug)");
    expect(profiles.calls[0]!.url.searchParams.get("ids")).toBe(`{${bob}}`);
  });

  it("is empty without further queries when there are no conversations", async () => {
    server.use(
      ...memberships().handlers,
      ...tableHandlers("conversations", { get: [() => postgrest.rows([])] }).handlers,
    );
    expect(await listInbox(supabase(), bob)).toEqual({ items: [], next: null });
  });

  it("pages by cursor: a full page hands out the last row's key, and the next page asks for rows after it", async () => {
    const row = (n: number) => ({
      id: `c0000000-0000-4000-8000-0000000000${String(n).padStart(2, "0")}`,
      context_id: acme.id,
      created_by: bob,
      created_at: "2026-11-20T10:00:00+00:00",
      last_message_at: "2026-11-27T10:00:00.123456+00:00",
      customer_message_count: 1,
      agency_message_count: 0,
      conversation_reads: [],
      agency: acme,
      messages: [],
    });
    const rows = [row(3), row(2), row(1)];
    const conversations = tableHandlers("conversations", {
      get: [() => postgrest.rows(rows), () => postgrest.rows([row(1)])],
    });
    const noMemberships = tableHandlers("agency_members", {
      get: [() => postgrest.rows([]), () => postgrest.rows([])],
    });
    server.use(...noMemberships.handlers, ...conversations.handlers);

    const first = await listInbox(supabase(), bob, null, 2);
    expect(first.items.map((item) => item.id)).toEqual([row(3).id, row(2).id]);
    const cursor = conversationCursorParam.parse(first.next);
    expect(cursor).toEqual({ lastMessageAt: row(2).last_message_at, createdAt: row(2).created_at, id: row(2).id });

    const second = await listInbox(supabase(), bob, cursor, 2);
    expect(second).toMatchObject({ items: [{ id: row(1).id }], next: null });
    const after = conversations.calls[1]!.url.searchParams.get("or");
    expect(after).toBe(
      `(last_message_at.lt."${row(2).last_message_at}",last_message_at.is.null,` +
        `and(last_message_at.eq."${row(2).last_message_at}",or(created_at.lt."${row(2).created_at}",` +
        `and(created_at.eq."${row(2).created_at}",id.lt."${row(2).id}"))))`,
    );
  });
});
