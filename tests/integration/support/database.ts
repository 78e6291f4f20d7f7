import pg from "pg";
import { inject } from "vitest";

/** Superuser access to the stack's database, to count rows and arrange state the API cannot. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("stack").dbUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function countRows(sql: string, params: unknown[]): Promise<number> {
  return withDatabase(async (client) => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n));
}

export const conversationsOf = (userId: string, agencyId: string) =>
  countRows("select count(*) as n from public.conversations where created_by = $1 and context_id = $2", [userId, agencyId]);

export const messagesOf = (userId: string) =>
  countRows("select count(*) as n from public.messages where sender_id = $1", [userId]);

/** A new agency of our own, so that tests never share a conversation key. */
export async function createAgency(): Promise<string> {
  const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "insert into public.agencies (name, slug, description) values ($1, $2, 'Created by a test.') returning id",
      [`Test agency ${slug}`, slug],
    );
    return rows[0]!.id;
  });
}
