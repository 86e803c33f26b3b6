/**
 * @module
 * Empties a schema for `db reset`: drops its tables, views, sequences, enum and domain types and
 * functions (objects that belong to extensions stay), in one transaction.
 */
import type { Database } from "../db/database.js";

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const relationKinds: Record<string, string> = {
  r: "table",
  p: "table",
  f: "foreign table",
  v: "view",
  m: "materialized view",
  S: "sequence",
};
const notFromExtension = "not exists (select 1 from pg_depend d where d.objid = o.oid and d.deptype = 'e')";

/**
 * Drops every object in `schema` and returns how many drop statements ran.
 * @example
 * await resetSchema(db, "public");
 */
export async function resetSchema(db: Database, schema = "public"): Promise<number> {
  return db.transaction(async (tx) => {
    const relations = await tx.query<{ name: string; kind: string }>(
      `select o.relname as name, o.relkind::text as kind from pg_class o join pg_namespace n on n.oid = o.relnamespace
       where n.nspname = $1 and o.relkind in ('r', 'p', 'f', 'v', 'm', 'S') and ${notFromExtension}`,
      [schema],
    );
    const types = await tx.query<{ name: string; kind: string }>(
      `select o.typname as name, o.typtype::text as kind from pg_type o join pg_namespace n on n.oid = o.typnamespace
       where n.nspname = $1 and o.typtype in ('e', 'd') and ${notFromExtension}`,
      [schema],
    );
    const routines = await tx.query<{ signature: string; kind: string }>(
      `select o.oid::regprocedure::text as signature, o.prokind::text as kind from pg_proc o join pg_namespace n on n.oid = o.pronamespace
       where n.nspname = $1 and o.prokind in ('f', 'p') and ${notFromExtension}`,
      [schema],
    );
    const statements = [
      ...relations.rows.map((row) => `drop ${relationKinds[row.kind] ?? "table"} if exists ${quote(schema)}.${quote(row.name)} cascade`),
      ...types.rows.map((row) => `drop ${row.kind === "e" ? "type" : "domain"} if exists ${quote(schema)}.${quote(row.name)} cascade`),
      // regprocedure text is already qualified and quoted as needed.
      ...routines.rows.map((row) => `drop ${row.kind === "p" ? "procedure" : "function"} if exists ${row.signature} cascade`),
    ];
    for (const statement of statements) await tx.exec(statement);
    return statements.length;
  });
}
