import { createClient } from "@supabase/supabase-js";
import { afterEach, describe, expect, it } from "vitest";
import { getThread } from "@/lib/messages/read/get-thread";
import { newId } from "@/tests/support/factories/ids";
import { seededAgencies, seededUsers } from "@/tests/support/factories/seed";
import { postgrest, tableHandlers } from "@/tests/support/msw/handlers/postgrest";
import { server } from "@/tests/support/msw/server";
import { PUBLISHABLE_KEY, SUPABASE_URL } from "@/tests/support/msw/supabase-url";
import type { Database } from "@/lib/supabase/database.types";

const customer = seededUsers.bob.id;
const staff = seededUsers.dave.id;
const colleague = newId();
const agency = seededAgencies.fjord;
const conversationId = newId();

const supabase = () => createClient<Database>(SUPABASE_URL, PUBLISHABLE_KEY, { auth: { persistSession: false } });

function stubThread() {
  const conversation = {
    id: conversationId,
    context_type: "agency_inquiry",
    context_id: agency.id,
    created_by: customer,
    agency,
    // Newest first, as the page query asks.
    messages: [
      // Written by a staff member whose account was deleted since.
      { id: "m4", body: "Book soon!", sender_id: null, created_at: "2026-11-26T12:00:00+00:00" },
      { id: "m3", body: "Gear included.", sender_id: colleague, created_at: "2026-11-26T11:00:00+00:00" },
      { id: "m2", body: "Yes!\nFour left.", sender_id: staff, created_at: "2026-11-26T10:00:00+00:00" },
      { id: "m1", body: "Places in June?", sender_id: customer, created_at: "2026-11-25T10:00:00+00:00" },
    ],
  };
  const conversations = tableHandlers("conversations", { get: [() => postgrest.rows([conversation])] });
  const profiles = tableHandlers("rpc/partner_profiles", {
    get: [
      () =>
        postgrest.rows([
          { id: customer, display_name: "Bob Okafor" },
          { id: staff, display_name: "Dave Lindqvist" },
        ]),
    ],
  });
  server.use(...conversations.handlers, ...profiles.handlers);
  return { conversations, profiles };
}

afterEach(() => server.resetHandlers());

describe("getThread", () => {
  it("labels messages for the customer: You, then the agency (with the staff member's name when visible)", async () => {
    const { conversations } = stubThread();
    const thread = await getThread(supabase(), customer, conversationId);

    expect(thread.viewerRole).toBe("customer");
    expect(thread.agency).toEqual(agency);
    expect(thread.messages.map((m) => [m.senderLabel, m.senderDetail, m.fromViewer])).toEqual([
      ["You", null, true],
      ["Fjord & Fell Adventures", "Dave Lindqvist", false],
      ["Fjord & Fell Adventures", null, false],
      ["Fjord & Fell Adventures", "Former staff member", false],
    ]);
    expect(thread.messages[1]?.body).toBe("Yes!\nFour left.");
    const url = conversations.calls[0]!.url;
    expect(url.searchParams.get("id")).toBe(`eq.${conversationId}`);
    expect(url.searchParams.get("messages.order")).toBe("created_at.desc,id.desc");
    expect(url.searchParams.get("messages.limit")).toBe("51");
    expect(thread.earlier).toBeNull();
  });

  it("labels messages for agency staff: the customer's display name, You, and colleagues by name", async () => {
    stubThread();
    const thread = await getThread(supabase(), staff, conversationId);

    expect(thread.viewerRole).toBe("agency");
    expect(thread.customerName).toBe("Bob Okafor");
    expect(thread.messages.map((m) => m.senderLabel)).toEqual([
      "Bob Okafor",
      "You",
      "Fjord & Fell Adventures",
      "Former staff member",
    ]);
  });

  it("throws conversation_not_found for a conversation the viewer cannot see (RLS returns no row)", async () => {
    server.use(...tableHandlers("conversations", { get: [() => postgrest.rows([])] }).handlers);
    await expect(getThread(supabase(), customer, conversationId)).rejects.toMatchObject({
      code: "conversation_not_found",
    });
  });

  it("throws conversation_not_found for an id that is not a UUID, without asking the database", async () => {
    await expect(getThread(supabase(), customer, "not-a-uuid")).rejects.toMatchObject({
      code: "conversation_not_found",
    });
  });
});
