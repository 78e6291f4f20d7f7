// Realtime's authorisation of private channels against the RLS policies on realtime.messages
// (supabase/realtime lib/realtime/tenants/authorization.ex), in one transaction that is always rolled back:
//   read:  insert probe rows (as the connection's superuser), become the user (role, request.jwt.claims,
//          realtime.topic, …), select the probes; a probe the user can see grants read for its extension.
//   write: become the user, insert a probe for the extension; an RLS refusal means no write.
import { randomUUID } from "node:crypto";
import type pg from "pg";

export type AuthorizationContext = {
  /** The channel topic without the `realtime:` prefix. */
  topic: string;
  claims: Record<string, unknown> & { role: string };
  headers: Record<string, string>;
};

export type ReadPolicies = { broadcast: boolean; presence: boolean };

/** Thrown when the policies could not be evaluated (an error in a policy, an unknown role, …). */
export class PolicyCheckError extends Error {}

async function becomeUser(client: pg.PoolClient, ctx: AuthorizationContext): Promise<void> {
  await client.query(
    `select set_config('role', $1, true), set_config('realtime.topic', $2, true),
            set_config('request.jwt.claims', $3, true), set_config('request.jwt.claim.sub', $4, true),
            set_config('request.jwt.claim.role', $1, true), set_config('request.headers', $5, true)`,
    [
      ctx.claims.role,
      ctx.topic,
      JSON.stringify(ctx.claims),
      typeof ctx.claims.sub === "string" ? ctx.claims.sub : "",
      JSON.stringify(ctx.headers),
    ],
  );
}

async function inRolledBackTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("begin");
    return await fn(client);
  } catch (err) {
    if (err instanceof Error && "code" in err) throw new PolicyCheckError(err.message);
    broken = true;
    throw err;
  } finally {
    await client.query("rollback").catch(() => (broken = true));
    client.release(broken);
  }
}

export async function readPolicies(
  pool: pg.Pool,
  ctx: AuthorizationContext,
  opts: { presence: boolean },
): Promise<ReadPolicies> {
  return inRolledBackTransaction(pool, async (client) => {
    const probes = { broadcast: randomUUID(), presence: opts.presence ? randomUUID() : null };
    const ids = [probes.broadcast, ...(probes.presence ? [probes.presence] : [])];
    const extensions = ["broadcast", ...(probes.presence ? ["presence"] : [])];
    await client.query(
      `insert into realtime.messages (id, topic, extension)
       select id, $2, extension from unnest($1::uuid[], $3::text[]) as p(id, extension)`,
      [ids, ctx.topic, extensions],
    );
    await becomeUser(client, ctx);
    const seen = await client.query<{ id: string }>("select id from realtime.messages where id = any($1::uuid[])", [
      ids,
    ]);
    const visible = new Set(seen.rows.map((r) => r.id));
    return {
      broadcast: visible.has(probes.broadcast),
      presence: probes.presence !== null && visible.has(probes.presence),
    };
  });
}

export async function canWriteBroadcast(pool: pg.Pool, ctx: AuthorizationContext): Promise<boolean> {
  return inRolledBackTransaction(pool, async (client) => {
    await becomeUser(client, ctx);
    try {
      await client.query("insert into realtime.messages (topic, extension) values ($1, 'broadcast')", [ctx.topic]);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === "42501") return false;
      throw err;
    }
  });
}
