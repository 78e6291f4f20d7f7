/**
 * `npm run db:types`: writes lib/supabase/database.types.ts from the `public` schema, in the shape
 * `supabase gen types typescript` emits (its generator, postgres-meta, runs in Docker, which is not always there).
 *
 * By default the schema comes from a temporary in-memory PGlite with Supabase's base SQL and every migration
 * applied, so it works anywhere and reflects the migrations exactly. With DB_URL or DATABASE_URL (or
 * `--db-url <url>`) the schema is read from that database instead (read-only).
 *
 * Differences from the Supabase generator, on purpose: trigger functions are left out of `Functions` (they
 * cannot be called through the API), and `Relationships` only lists foreign keys within `public`, as it does.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import pg from "pg";
import { BASE_SQL_PATH } from "local-supabase";

const root = new URL("../", import.meta.url);
export const databaseTypesUrl = new URL("lib/supabase/database.types.ts", root);
const schema = "public";
const postgrestVersion = "12";

type Query = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

/** Generates the file's text from the migrations (in-memory PGlite), or from the database at `url`. */
export async function generateDatabaseTypes(url?: string): Promise<string> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return render(await introspect(async (sql, params) => (await client.query(sql, params)).rows));
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
    return render(await introspect(async (sql, params) => (await db.query(sql, params)).rows as never[]));
  } finally {
    await db.close();
  }
}

interface Column {
  relid: number;
  name: string;
  type: string;
  not_null: boolean;
  has_default: boolean;
  identity: string;
  generated: string;
}

interface Relation {
  oid: number;
  name: string;
  kind: "table" | "view";
}

interface ForeignKey {
  relid: number;
  name: string;
  columns: string[];
  referenced_relation: string;
  referenced_columns: string[];
  is_one_to_one: boolean;
}

interface FunctionArg {
  name: string;
  mode: string;
  type: string;
  has_default: boolean;
}

interface SqlFunction {
  name: string;
  args: FunctionArg[];
  return_type: string;
  return_relid: number | null;
  returns_set: boolean;
}

interface Schema {
  relations: Relation[];
  columns: Column[];
  foreignKeys: ForeignKey[];
  functions: SqlFunction[];
  enums: { name: string; values: string[] }[];
  composites: { name: string; attributes: { name: string; type: string }[] }[];
}

async function introspect(query: Query): Promise<Schema> {
  const relations = await query<Relation>(
    `select c.oid::int as oid, c.relname as name,
            case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm')`,
    [schema],
  );
  const columns = await query<Column>(
    `select a.attrelid::int as relid, a.attname as name, t.typname as type, a.attnotnull as not_null,
            a.atthasdef as has_default, a.attidentity::text as identity, a.attgenerated::text as generated
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_type t on t.oid = a.atttypid
     where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and a.attnum > 0 and not a.attisdropped
     order by a.attrelid, a.attnum`,
    [schema],
  );
  const foreignKeys = await query<ForeignKey>(
    `select con.conrelid::int as relid, con.conname as name,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, i)
                  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.i) as columns,
            ref.relname as referenced_relation,
            array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, i)
                  join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.i) as referenced_columns,
            exists (select 1 from pg_constraint u
                    where u.conrelid = con.conrelid and u.contype in ('p', 'u')
                      and (select array_agg(x order by x) from unnest(u.conkey) x)
                        = (select array_agg(x order by x) from unnest(con.conkey) x)) as is_one_to_one
     from pg_constraint con
     join pg_class src on src.oid = con.conrelid
     join pg_namespace srcn on srcn.oid = src.relnamespace
     join pg_class ref on ref.oid = con.confrelid
     join pg_namespace refn on refn.oid = ref.relnamespace
     where con.contype = 'f' and srcn.nspname = $1 and refn.nspname = $1`,
    [schema],
  );
  const functionRows = await query<{
    name: string;
    arg_names: string[] | null;
    arg_modes: string[] | null;
    arg_types: string[];
    defaults: number;
    return_type: string;
    return_relid: number | null;
    returns_set: boolean;
  }>(
    `select p.proname as name, p.proargnames::text[] as arg_names, p.proargmodes::text[] as arg_modes,
            array(select t.typname::text
                  from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality a(oid, i)
                  join pg_type t on t.oid = a.oid order by a.i) as arg_types,
            p.pronargdefaults::int as defaults, rt.typname as return_type,
            nullif(rt.typrelid, 0)::int as return_relid, p.proretset as returns_set
     from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
     join pg_type rt on rt.oid = p.prorettype
     where n.nspname = $1 and p.prokind = 'f' and rt.typname not in ('trigger', 'event_trigger')
       and not exists (select 1 from unnest(p.proargtypes::oid[]) a(oid) where a.oid = 'internal'::regtype)
     order by p.proname, p.oid`,
    [schema],
  );
  const functions = functionRows.map((row): SqlFunction => {
    const modes = row.arg_modes ?? row.arg_types.map(() => "i");
    const inputCount = modes.filter((m) => m === "i" || m === "b" || m === "v").length;
    let inputIndex = 0;
    const args = row.arg_types.map((type, i): FunctionArg => {
      const mode = { i: "in", o: "out", b: "inout", v: "variadic", t: "table" }[modes[i] ?? "i"] ?? "in";
      const isInput = mode === "in" || mode === "inout" || mode === "variadic";
      const hasDefault = isInput && inputIndex++ >= inputCount - row.defaults;
      return { name: row.arg_names?.[i] ?? "", mode, type, has_default: hasDefault };
    });
    return {
      name: row.name,
      args,
      return_type: row.return_type,
      return_relid: row.return_relid,
      returns_set: row.returns_set,
    };
  });
  const enums = await query<{ name: string; values: string[] }>(
    `select t.typname as name, array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values
     from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = $1 and t.typtype = 'e'`,
    [schema],
  );
  const compositeRows = await query<{ name: string; relid: number }>(
    `select t.typname as name, t.typrelid::int as relid
     from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_class c on c.oid = t.typrelid
     where n.nspname = $1 and t.typtype = 'c' and c.relkind = 'c'`,
    [schema],
  );
  const composites = compositeRows.map((row) => ({
    name: row.name,
    attributes: columns.filter((c) => c.relid === row.relid).map((c) => ({ name: c.name, type: c.type })),
  }));
  return { relations, columns, foreignKeys, functions, enums, composites };
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function tsType(pgType: string, s: Schema): string {
  if (pgType === "bool") return "boolean";
  if (["int2", "int4", "int8", "float4", "float8", "numeric"].includes(pgType)) return "number";
  if (
    [
      "bytea",
      "bpchar",
      "varchar",
      "date",
      "text",
      "citext",
      "time",
      "timetz",
      "timestamp",
      "timestamptz",
      "uuid",
      "vector",
    ].includes(pgType)
  ) {
    return "string";
  }
  if (pgType === "json" || pgType === "jsonb") return "Json";
  if (pgType === "void") return "undefined";
  if (pgType === "record") return "Record<string, unknown>";
  if (pgType.startsWith("_")) return `${tsType(pgType.slice(1), s)}[]`;
  if (s.enums.some((e) => e.name === pgType)) return `Database["${schema}"]["Enums"][${JSON.stringify(pgType)}]`;
  if (s.composites.some((c) => c.name === pgType))
    return `Database["${schema}"]["CompositeTypes"][${JSON.stringify(pgType)}]`;
  const relation = s.relations.find((r) => r.name === pgType);
  if (relation)
    return `Database["${schema}"][${relation.kind === "view" ? '"Views"' : '"Tables"'}][${JSON.stringify(pgType)}]["Row"]`;
  return "unknown";
}

/** Lines of an object type, or the `[_ in never]: never` placeholder when empty. */
function block(entries: string[][], indent: string): string[] {
  if (entries.length === 0) return [`${indent}[_ in never]: never`];
  return entries.flat();
}

function render(s: Schema): string {
  const columnsOf = (relid: number) => s.columns.filter((c) => c.relid === relid).sort(byName);
  const tables = s.relations.filter((r) => r.kind === "table").sort(byName);
  const views = s.relations.filter((r) => r.kind === "view").sort(byName);

  const relationships = (relid: number, indent: string): string[] => {
    const fks = s.foreignKeys
      .filter((fk) => fk.relid === relid)
      .sort((a, b) => a.name.localeCompare(b.name) || a.referenced_relation.localeCompare(b.referenced_relation));
    if (fks.length === 0) return [`${indent}Relationships: []`];
    return [
      `${indent}Relationships: [`,
      ...fks.flatMap((fk) => [
        `${indent}  {`,
        `${indent}    foreignKeyName: ${JSON.stringify(fk.name)}`,
        `${indent}    columns: ${JSON.stringify(fk.columns).replaceAll(",", ", ")}`,
        `${indent}    isOneToOne: ${fk.is_one_to_one}`,
        `${indent}    referencedRelation: ${JSON.stringify(fk.referenced_relation)}`,
        `${indent}    referencedColumns: ${JSON.stringify(fk.referenced_columns).replaceAll(",", ", ")}`,
        `${indent}  },`,
      ]),
      `${indent}]`,
    ];
  };

  const tableEntries = tables.map((table) => {
    const columns = columnsOf(table.oid);
    const i = "      ";
    const row = columns.map((c) => `${i}    ${key(c.name)}: ${tsType(c.type, s)}${c.not_null ? "" : " | null"}`);
    const insert = columns.map((c) => {
      if (c.identity === "a" || c.generated === "s") return `${i}    ${key(c.name)}?: never`;
      const optional = !c.not_null || c.identity !== "" || c.has_default;
      return `${i}    ${key(c.name)}${optional ? "?" : ""}: ${tsType(c.type, s)}${c.not_null ? "" : " | null"}`;
    });
    const update = columns.map((c) => {
      if (c.identity === "a" || c.generated === "s") return `${i}    ${key(c.name)}?: never`;
      return `${i}    ${key(c.name)}?: ${tsType(c.type, s)}${c.not_null ? "" : " | null"}`;
    });
    return [
      `${i}${key(table.name)}: {`,
      `${i}  Row: {`,
      ...row,
      `${i}  }`,
      `${i}  Insert: {`,
      ...insert,
      `${i}  }`,
      `${i}  Update: {`,
      ...update,
      `${i}  }`,
      ...relationships(table.oid, `${i}  `),
      `${i}}`,
    ];
  });

  const viewEntries = views.map((view) => {
    const i = "      ";
    return [
      `${i}${key(view.name)}: {`,
      `${i}  Row: {`,
      ...columnsOf(view.oid).map((c) => `${i}    ${key(c.name)}: ${tsType(c.type, s)} | null`),
      `${i}  }`,
      ...relationships(view.oid, `${i}  `),
      `${i}}`,
    ];
  });

  const functionNames = [...new Set(s.functions.map((f) => f.name))].sort((a, b) => a.localeCompare(b));
  const functionEntries = functionNames.map((name) => {
    const overloads = s.functions.filter((f) => f.name === name);
    const args = overloads
      .map((f) => {
        const inputs = f.args.filter((a) => a.mode === "in" || a.mode === "inout" || a.mode === "variadic");
        if (inputs.length === 0) return "never";
        return `{ ${inputs.map((a) => `${key(a.name)}${a.has_default ? "?" : ""}: ${tsType(a.type, s)}`).join("; ")} }`;
      })
      .join(" | ");
    const first = overloads[0]!;
    const tableColumns = first.args.filter((a) => a.mode === "table");
    let returns: string;
    if (tableColumns.length > 0) {
      returns = `{ ${tableColumns.map((a) => `${key(a.name)}: ${tsType(a.type, s)}`).join("; ")} }`;
    } else if (first.return_type === "record" && first.args.some((a) => a.mode === "out" || a.mode === "inout")) {
      const outs = first.args.filter((a) => a.mode === "out" || a.mode === "inout");
      returns = `{ ${outs.map((a) => `${key(a.name)}: ${tsType(a.type, s)}`).join("; ")} }`;
    } else if (first.return_relid !== null && s.relations.some((r) => r.oid === first.return_relid)) {
      returns = `{ ${columnsOf(first.return_relid)
        .map((c) => `${key(c.name)}: ${tsType(c.type, s)}${c.not_null ? "" : " | null"}`)
        .join("; ")} }`;
    } else {
      returns = tsType(first.return_type, s);
    }
    if (first.returns_set) returns = `${returns}[]`;
    return [`      ${key(name)}: {`, `        Args: ${args}`, `        Returns: ${returns}`, `      }`];
  });

  const enumEntries = [...s.enums].sort(byName).map((e) => {
    const values = e.values.map((v) => JSON.stringify(v));
    return [`      ${key(e.name)}: ${values.join(" | ")}`];
  });

  const compositeEntries = [...s.composites]
    .sort(byName)
    .map((c) => [
      `      ${key(c.name)}: {`,
      ...[...c.attributes].sort(byName).map((a) => `        ${key(a.name)}: ${tsType(a.type, s)} | null`),
      `      }`,
    ]);

  const lines = [
    "export type Json =",
    "  | string",
    "  | number",
    "  | boolean",
    "  | null",
    "  | { [key: string]: Json | undefined }",
    "  | Json[]",
    "",
    "export type Database = {",
    "  // Allows to automatically instantiate createClient with right options",
    "  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)",
    "  __InternalSupabase: {",
    `    PostgrestVersion: ${JSON.stringify(postgrestVersion)}`,
    "  }",
    `  ${schema}: {`,
    "    Tables: {",
    ...block(tableEntries, "      "),
    "    }",
    "    Views: {",
    ...block(viewEntries, "      "),
    "    }",
    "    Functions: {",
    ...block(functionEntries, "      "),
    "    }",
    "    Enums: {",
    ...block(enumEntries, "      "),
    "    }",
    "    CompositeTypes: {",
    ...block(compositeEntries, "      "),
    "    }",
    "  }",
    "}",
    "",
  ];

  const constants = [
    "export const Constants = {",
    `  ${schema}: {`,
    s.enums.length === 0 ? "    Enums: {}," : "    Enums: {",
    ...(s.enums.length === 0
      ? []
      : [...s.enums]
          .sort(byName)
          .map((e) => `      ${key(e.name)}: [${e.values.map((v) => JSON.stringify(v)).join(", ")}],`)),
    ...(s.enums.length === 0 ? [] : ["    },"]),
    "  },",
    "} as const",
    "",
  ];

  return [...lines, helperTypes, ...constants].join("\n");
}

const helperTypes = `type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never
`;

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
