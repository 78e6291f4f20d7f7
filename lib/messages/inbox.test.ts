import { createClient } from "@supabase/supabase-js";
import { afterEach, describe, expect, it } from "vitest";
import { listInbox } from "@/lib/messages/inbox";
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
        messages: [{ body: "Hello   Carol,\nthanks!", sender_id: bob, created_at: "2026-11-27T10:00:00+00:00" }],
      },
      {
        id: "c2",
        context_id: fjord.id,
        created_by: carol,
        created_at: "2026-11-21T10:00:00+00:00",
        last_message_at: null,
        messages: [],
      },
    ];
    const conversations = tableHandlers("conversations", { get: [() => postgrest.rows(rows)] });
    const agencies = tableHandlers("agencies", { get: [() => postgrest.rows([acme, fjord])] });
    const profiles = tableHandlers("profiles", {
      get: [() => postgrest.rows([{ id: bob, display_name: "Bob Okafor" }])],
    });
    server.use(...conversations.handlers, ...agencies.handlers, ...profiles.handlers);

    const items = await listInbox(supabase(), carol);

    expect(items).toEqual([
      {
        id: "c1",
        agency: { name: "Acme Travel", slug: "acme-travel" },
        viewerRole: "agency",
        title: "Bob Okafor",
        lastMessage: { excerpt: "Hello Carol, thanks!", fromViewer: false },
        activityAt: "2026-11-27T10:00:00+00:00",
      },
      {
        id: "c2",
        agency: { name: "Fjord & Fell Adventures", slug: "fjord-and-fell" },
        viewerRole: "customer",
        title: "Fjord & Fell Adventures",
        lastMessage: null,
        activityAt: "2026-11-21T10:00:00+00:00",
      },
    ]);
    const query = conversations.calls[0]!.url.searchParams;
    expect(query.get("order")).toBe("last_message_at.desc.nullslast,created_at.desc");
    expect(query.get("messages.order")).toBe("created_at.desc");
    expect(query.get("messages.limit")).toBe("1");
    expect(profiles.calls[0]!.url.searchParams.get("id")).toBe(`in.(${bob})`);
  });

  it("is empty without further queries when there are no conversations", async () => {
    server.use(...tableHandlers("conversations", { get: [() => postgrest.rows([])] }).handlers);
    expect(await listInbox(supabase(), bob)).toEqual([]);
  });
});
