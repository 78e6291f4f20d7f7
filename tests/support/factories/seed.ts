/**
 * The demo data of supabase/seed.sql that tests refer to by name. Unit tests use the same ids so a reader sees
 * the seeded people and agencies; integration and browser tests find these rows in the seeded database.
 */
export const SEEDED_PASSWORD = "password123";

export const seededUsers = {
  /** A customer with no conversations in the seed. */
  alice: { id: "11111111-1111-4111-8111-111111111111", email: "alice@example.com", displayName: "Alice Martin" },
  /** A customer with one inquiry to Fjord & Fell. */
  bob: { id: "22222222-2222-4222-8222-222222222222", email: "bob@example.com", displayName: "Bob Okafor" },
  /** Staff of Acme Travel. */
  carol: { id: "33333333-3333-4333-8333-333333333333", email: "carol@acme.example", displayName: "Carol Reyes" },
  /** Staff of Fjord & Fell Adventures. */
  dave: { id: "44444444-4444-4444-8444-444444444444", email: "dave@fjordfell.example", displayName: "Dave Lindqvist" },
} as const;

export const seededAgencies = {
  acme: { id: "a0000000-0000-4000-8000-000000000001", name: "Acme Travel", slug: "acme-travel" },
  fjord: { id: "a0000000-0000-4000-8000-000000000002", name: "Fjord & Fell Adventures", slug: "fjord-and-fell" },
  sunward: { id: "a0000000-0000-4000-8000-000000000003", name: "Sunward Voyages", slug: "sunward-voyages" },
  silk: { id: "a0000000-0000-4000-8000-000000000004", name: "Silk Road Journeys", slug: "silk-road-journeys" },
} as const;

/** Bob's inquiry to Fjord & Fell, answered by Dave. */
export const seededConversation = { id: "c0000000-0000-4000-8000-000000000001", agency: seededAgencies.fjord } as const;
