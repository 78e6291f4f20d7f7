import { describe, expect, it } from "vitest";
import { unreadCount, withUnreadCount } from "@/lib/messages/unread-count";

const customer = "customer";
const conversation = { created_by: customer, customer_message_count: 5, agency_message_count: 3 };

describe("unreadCount", () => {
  it("counts the agency's messages for the customer", () => {
    expect(unreadCount(conversation, customer, 1)).toBe(2);
  });

  it("counts the customer's messages for staff: their own and their colleagues' replies never", () => {
    expect(unreadCount(conversation, "staff", 1)).toBe(4);
  });

  it("is never negative, even with a marker ahead of the counter", () => {
    expect(unreadCount(conversation, customer, 9)).toBe(0);
  });
});

describe("withUnreadCount", () => {
  it("replaces the embedded marker with unread_count; no marker means nothing seen", () => {
    expect(withUnreadCount({ ...conversation, id: "c", conversation_reads: [] }, customer)).toEqual({
      ...conversation,
      id: "c",
      unread_count: 3,
    });
    expect(withUnreadCount({ ...conversation, conversation_reads: [{ seen_count: 5 }] }, "staff")).toEqual({
      ...conversation,
      unread_count: 0,
    });
  });
});
