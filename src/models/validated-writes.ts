/**
 * @module
 * Insert and update helpers that validate first and turn constraint violations into coded
 * errors naming the column as the model spells it.
 */
import { getTableColumns, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Queryable } from "../db/database.js";
import { translateDatabaseError } from "../db/translate-error.js";
import { validateInsert, validateUpdate } from "./model-validators.js";

/** Database column name -> the property name in the model. */
function columnNames(table: PgTable): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]));
}

/**
 * Validates `values` and inserts them, returning the new row.
 * @throws DashbaseError DASHBASE_E_VALIDATION, DASHBASE_E_UNIQUE_VIOLATION, DASHBASE_E_FOREIGN_KEY_VIOLATION ...
 * @example
 * const note = await insertRow(db, notes, { title: "First", stars: 5 });
 */
export async function insertRow<T extends PgTable>(db: Queryable, table: T, values: unknown): Promise<T["$inferSelect"]> {
  const row = validateInsert(table, values);
  try {
    const inserted = (await db
      .insert(table)
      .values(row as never)
      .returning()) as T["$inferSelect"][];
    return inserted[0] as T["$inferSelect"];
  } catch (error) {
    throw translateDatabaseError(error, columnNames(table));
  }
}

/**
 * Validates `patch` and applies it to the rows matching `where`, returning the updated rows.
 * @example
 * await updateRows(db, notes, { stars: 4 }, eq(notes.id, 1));
 */
export async function updateRows<T extends PgTable>(
  db: Queryable,
  table: T,
  patch: unknown,
  where: SQL | undefined,
): Promise<T["$inferSelect"][]> {
  const values = validateUpdate(table, patch);
  try {
    return (await db
      .update(table)
      .set(values as never)
      .where(where)
      .returning()) as T["$inferSelect"][];
  } catch (error) {
    throw translateDatabaseError(error, columnNames(table));
  }
}
