/**
 * @module
 * Insert and update helpers that validate first and turn constraint violations into coded
 * errors naming the column as the model spells it.
 */
import { and, getTableColumns, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { ownedBy, ownerForWrite, ownerKeyOf, type OwnerSession } from "../auth/row-owner.js";
import type { Queryable } from "../db/database.js";
import { translateDatabaseError } from "../db/translate-error.js";
import { validateInsert, validateUpdate } from "./model-validators.js";
import { insertPrepared, withGeneratedValues } from "./prepared-insert.js";

/** Database column name -> the property name in the model. */
function columnNames(table: PgTable): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]));
}

/**
 * Rows that belong to their owners: `column` holds the owner, `session` is the request's (a
 * callback's `services.session`). Inserts fill the column in from the session and refuse another
 * owner; updates and deletes reach only the session's own rows and may not move them to another.
 */
export interface WriteOwnership {
  readonly column: PgColumn;
  readonly session: OwnerSession;
}

/** The values with the owner column set to the session's owner (refusing a different one). */
function withOwner(table: PgTable, values: unknown, owner: WriteOwnership, what: string): unknown {
  const key = ownerKeyOf(table, owner.column, what);
  if (typeof values !== "object" || values === null || Array.isArray(values)) return values;
  const given = (values as Record<string, unknown>)[key];
  const value = ownerForWrite(owner.column, owner.session, given, what);
  return { ...values, [key]: value };
}

/**
 * Validates `values` and inserts them, returning the new row. With `{ owner: { column, session } }`
 * the owner column is filled in from the session (a different owner sent by the client is refused).
 * @throws DashbaseError DASHBASE_E_VALIDATION, DASHBASE_E_UNIQUE_VIOLATION, DASHBASE_E_FOREIGN_KEY_VIOLATION, DASHBASE_E_FORBIDDEN ...
 * @example
 * const note = await insertRow(db, notes, { title: "First", stars: 5 });
 * const view = await insertRow(db, savedViews, { name }, { owner: { column: savedViews.userId, session } });
 */
export async function insertRow<T extends PgTable>(
  db: Queryable,
  table: T,
  values: unknown,
  options: { owner?: WriteOwnership } = {},
): Promise<T["$inferSelect"]> {
  const valid = validateInsert(table, options.owner === undefined ? values : withOwner(table, values, options.owner, "insertRow"));
  const row = withGeneratedValues(table, valid as Record<string, unknown>);
  try {
    const inserted = ((await insertPrepared(db, table, row)) ??
      (await db
        .insert(table)
        .values(row as never)
        .returning())) as T["$inferSelect"][];
    return inserted[0] as T["$inferSelect"];
  } catch (error) {
    throw translateDatabaseError(error, columnNames(table));
  }
}

/**
 * Validates `patch` and applies it to the rows matching `where`, returning the updated rows.
 * With `{ owner }` only the session's own rows change, and the patch may not name another owner.
 * @example
 * await updateRows(db, notes, { stars: 4 }, eq(notes.id, 1));
 * await updateRows(db, savedViews, { name }, eq(savedViews.id, id), { owner: { column: savedViews.userId, session } });
 */
export async function updateRows<T extends PgTable>(
  db: Queryable,
  table: T,
  patch: unknown,
  where: SQL | undefined,
  options: { owner?: WriteOwnership } = {},
): Promise<T["$inferSelect"][]> {
  const owner = options.owner;
  if (owner !== undefined && typeof patch === "object" && patch !== null) {
    const key = ownerKeyOf(table, owner.column, "updateRows");
    if (key in patch) ownerForWrite(owner.column, owner.session, (patch as Record<string, unknown>)[key], "updateRows");
  }
  const values = validateUpdate(table, patch);
  const scope = owner === undefined ? where : and(ownedBy(owner.column, owner.session), where);
  try {
    return (await db
      .update(table)
      .set(values as never)
      .where(scope)
      .returning()) as T["$inferSelect"][];
  } catch (error) {
    throw translateDatabaseError(error, columnNames(table));
  }
}

/**
 * Deletes the rows matching `where` (with `{ owner }`, only the session's own), returning them.
 * @example
 * await deleteRows(db, savedViews, eq(savedViews.id, id), { owner: { column: savedViews.userId, session } });
 */
export async function deleteRows<T extends PgTable>(
  db: Queryable,
  table: T,
  where: SQL | undefined,
  options: { owner?: WriteOwnership } = {},
): Promise<T["$inferSelect"][]> {
  const scope = options.owner === undefined ? where : and(ownedBy(options.owner.column, options.owner.session), where);
  try {
    return (await db.delete(table).where(scope).returning()) as T["$inferSelect"][];
  } catch (error) {
    throw translateDatabaseError(error, columnNames(table));
  }
}
