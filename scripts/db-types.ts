/**
 * `npm run db:types`: writes lib/supabase/database.types.ts with Supabase's own generator
 * (@supabase/postgrest-typegen, the engine `supabase gen types typescript` runs through postgres-meta) — without
 * Docker: the schema comes from a temporary in-memory PGlite with Supabase's base SQL and every migration applied.
 * With `--db-url <url>`, DB_URL or DATABASE_URL the schema is read from that database instead (read-only).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { generateTypescript, sortGeneratorMetadata } from "@supabase/postgrest-typegen/generation";
import { introspect, type Queryable } from "@supabase/postgrest-typegen/introspection";
import pg from "pg";
import { BASE_SQL_PATH } from "local-supabase";

const root = new URL("../", import.meta.url);
export const databaseTypesUrl = new URL("lib/supabase/database.types.ts", root);

/**
 * As `supabase gen types typescript` with the CLI's defaults: the `public` schema, one-to-one relationships
 * detected (as the CLI asks postgres-meta to), PostgREST 12.
 */
async function generate(db: Queryable): Promise<string> {
  const metadata = await introspect(db, { includedSchemas: ["public"] });
  return generateTypescript(sortGeneratorMetadata(metadata), {
    detectOneToOneRelationships: true,
    postgrestVersion: "12",
  });
}

/** The file's text from the migrations (in-memory PGlite), or from the database at `url`. */
export async function generateDatabaseTypes(url?: string): Promise<string> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await generate(client);
    } finally {
      await client.end();
    }
  }

  const db = new PGlite({ extensions: { pgcrypto } });
  try {
    await db.exec(readFileSync(BASE_SQL_PATH, "utf8"));
    const migrations = new URL("supabase/migrations/", root);
    for (const name of readdirSync(migrations)
      .filter((n) => n.endsWith(".sql"))
      .sort()) {
      await db.exec(readFileSync(new URL(name, migrations), "utf8"));
    }
    return await generate({ query: (sql) => db.query(sql) });
  } finally {
    await db.close();
  }
}

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = argValue("--db-url") || process.env.DB_URL || process.env.DATABASE_URL || undefined;
  const text = await generateDatabaseTypes(url);
  writeFileSync(databaseTypesUrl, text);
  console.log(
    `wrote ${fileURLToPath(databaseTypesUrl)} from ${url ? new URL(url).host + new URL(url).pathname : "the migrations (in-memory PGlite)"}`,
  );
}
