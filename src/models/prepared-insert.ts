/**
 * @module
 * insertRow's statement, built once per table and set of columns on each database handle
 * (db/built-queries.ts) and executed with the row's values as parameters, inserting what
 * drizzle's own insert would: columns left out get their `$defaultFn` (called per row) or the
 * database's default, a null is SQL NULL, each value goes through its column's encoder. A value
 * drizzle would splice as SQL (`sql\`now()\``) takes drizzle's ordinary path.
 */
import { getTableColumns, is, SQL, sql, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { builtQueriesOf } from "../db/built-queries.js";
import type { Queryable } from "../db/database.js";

interface PreparedInsert {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/** Whether drizzle leaves the column out of an insert: a generated column (`generatedAlwaysAs`). */
function generatedAlways(column: Column): boolean {
  return column.generated !== undefined && column.generated.type !== "byDefault";
}

/** The columns an insert may set, per table. */
const insertableColumns = new WeakMap<PgTable, Array<[string, Column]>>();

function columnsOf(table: PgTable): Array<[string, Column]> {
  let columns = insertableColumns.get(table);
  if (columns === undefined) {
    columns = Object.entries(getTableColumns(table)).filter(([, column]) => !generatedAlways(column));
    insertableColumns.set(table, columns);
  }
  return columns;
}

/** What drizzle would send for a column left out: its $defaultFn's value (or $onUpdateFn's without a default). */
function generatedValue(column: Column): unknown {
  if (column.defaultFn !== undefined) return column.defaultFn();
  if (!column.default && column.onUpdateFn !== undefined) return column.onUpdateFn();
  return undefined;
}

/**
 * `row` with what drizzle would compute for the columns it leaves out: each `$defaultFn` is
 * called here, once, so the statement below and drizzle's ordinary path insert the same values.
 * @example
 * const filled = withGeneratedValues(notes, { title: "First" }); // { title: "First", tag: "generated" }
 */
export function withGeneratedValues(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | undefined;
  for (const [key, column] of columnsOf(table)) {
    if (row[key] !== undefined) continue;
    const value = generatedValue(column);
    if (value !== undefined) (filled ??= { ...row })[key] = value;
  }
  return filled ?? row;
}

/**
 * Inserts `row` (after withGeneratedValues) into `table` with a statement built once for this
 * handle and these columns, returning the inserted rows as drizzle maps them; undefined when the
 * handle keeps no built queries or a value is SQL, for the caller to take drizzle's ordinary path.
 * @example
 * const rows = (await insertPrepared(db, notes, row)) ?? (await db.insert(notes).values(row).returning());
 */
export async function insertPrepared(db: Queryable, table: PgTable, row: Record<string, unknown>): Promise<unknown[] | undefined> {
  const cache = builtQueriesOf(db);
  if (cache === undefined) return undefined;
  const values: Record<string, unknown> = {};
  // A null is part of the statement, not a parameter: an encoder (JSON's, a timestamp's) would
  // turn a null placeholder into something else. The shape names each set column and its nulls.
  const statement: Record<string, unknown> = {};
  let shape = "";
  for (const [key] of columnsOf(table)) {
    const value = row[key];
    if (value === undefined) continue;
    // Only an object can be SQL; drizzle's `is` walks the prototype chain, so plain values skip it.
    if (typeof value === "object" && value !== null && (is(value, SQL) || is(value, SQL.Aliased))) return undefined;
    if (value === null) {
      statement[key] = null;
      shape += `${key}:null,`;
    } else {
      statement[key] = sql.placeholder(key);
      values[key] = value;
      shape += `${key},`;
    }
  }
  // No name: the text is built once here but not prepared on the server, which a
  // transaction-mode pooler in front of PostgreSQL would not allow (a test checks).
  const insert = cache(table, shape, (orm) =>
    orm
      .insert(table)
      .values(statement as never)
      .returning()
      .prepare(undefined as unknown as string),
  ) as unknown as PreparedInsert;
  return (await insert.execute(values)) as unknown[];
}
