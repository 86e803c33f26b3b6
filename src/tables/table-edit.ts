/**
 * @module
 * One cell edit of a declared table (`POST /_dashbase/table/<id>/edit`): the request is checked
 * against the declaration (only a column declared editable, a row named by its primary key), the
 * value is checked with the model's validators, and one parameterized UPDATE writes it to the row
 * with that key inside the declaration's `where` for the request. A value the model refuses is
 * answered with the model's message for the cell as the error's message, and nothing is written.
 */
import { and, eq, getTableColumns, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "../db/database.js";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { fieldMessages } from "../models/field-messages.js";
import { updateRows } from "../models/validated-writes.js";
import type { DeclaredTable } from "./declared-table.js";
import { jsonSafe } from "./table-query.js";
import { tableCellErrorCodes } from "../protocol/messages.js";

/** A checked edit: which row (its primary key), which column, the new value. */
export interface TableEdit {
  /** The page the table is shown on, for the declaration's `where`. */
  readonly path: string;
  readonly rowId: string | number;
  readonly column: string;
  readonly value: unknown;
}

/** What an edit answers: the row as stored, its primary key as `id`. */
export interface TableEditResult {
  readonly row: Readonly<Record<string, unknown>>;
}

/** The codes whose message is the model's for the edited cell: the wire protocol's list (the view reads it too). */
const cellErrorCodes = tableCellErrorCodes as readonly ErrorCode[];

const maxPathLength = 2048;
const maxRowIdLength = 200;

function badRequest(table: string, message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_TABLE_QUERY", `DataTable "${table}" edit: ${message}`, { details: { table } });
}

/**
 * Reads and checks an edit's body `{ rowId, column, value, path }`.
 * @throws DashbaseError DASHBASE_E_TABLE_EDIT_REFUSED (403) for a column not declared editable (or a
 * read-only table); DASHBASE_E_TABLE_QUERY (400) for a malformed body.
 * @example
 * parseTableEdit(declared, { rowId: 7, column: "stars", value: 4, path: "/notes" });
 */
export function parseTableEdit(declared: DeclaredTable, body: unknown): TableEdit {
  const table = declared.ref.id;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest(table, "expected a body { rowId, column, value, path }");
  const raw = body as Record<string, unknown>;
  const column = raw["column"];
  if (typeof column !== "string" || !declared.editable.has(column)) {
    const allowed = [...declared.editable];
    throw new DashbaseError(
      "DASHBASE_E_TABLE_EDIT_REFUSED",
      allowed.length === 0
        ? `DataTable "${table}" is not editable; declare app.table("${table}", { editable: [...] }) to allow edits`
        : `DataTable "${table}": column ${JSON.stringify(column)?.slice(0, 80)} is not editable; expected one of ${allowed.join(", ")}`,
      { details: { table } },
    );
  }
  const path = raw["path"] ?? "/";
  if (typeof path !== "string" || !path.startsWith("/") || path.length > maxPathLength)
    throw badRequest(table, `path: expected the page's path starting with "/", found ${JSON.stringify(path)?.slice(0, 80)}`);
  const key = getTableColumns(declared.from)[declared.rowKey!]!;
  const rowId = raw["rowId"];
  const numericKey = key.dataType === "number" || key.dataType === "bigint";
  // A numeric key arrives as a number, or as digits when it was too large for one (jsonSafe).
  const id = numericKey && typeof rowId === "string" && /^-?\d{1,16}$/.test(rowId) ? Number(rowId) : rowId;
  const validId = numericKey
    ? typeof id === "number" && Number.isSafeInteger(id)
    : typeof id === "string" && id.length > 0 && id.length <= maxRowIdLength;
  if (!validId)
    throw badRequest(
      table,
      `rowId: expected the row's ${numericKey ? "whole-number" : "text"} primary key "${declared.rowKey}", found ${JSON.stringify(rowId)?.slice(0, 80) ?? "nothing"}`,
    );
  const value = raw["value"];
  if (value !== null && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    throw badRequest(
      table,
      `value: expected text, a number, true/false or null, found ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  return { path, rowId: id as string | number, column, value: wireValue(getTableColumns(declared.from)[column]!, value) };
}

/** JSON carries no dates: a date column's text becomes a Date for the validators (bad text stays, so they name it). */
function wireValue(column: PgColumn, value: unknown): unknown {
  if (column.dataType === "date" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
  return value;
}

/**
 * Writes one checked edit: validates it with the model, updates the row with that primary key
 * within `scope` (the declaration's `where` for this request), and answers the row as stored.
 * @throws DashbaseError DASHBASE_E_NOT_FOUND when no row with that key is within `scope`; one of
 * `tableCellErrorCodes` with the model's message for the cell when the value is refused (nothing written).
 * @example
 * const result = await writeTableEdit(db, declared, edit, declared.where?.(context));
 */
export async function writeTableEdit(
  db: Queryable,
  declared: DeclaredTable,
  edit: TableEdit,
  scope: SQL | undefined,
): Promise<TableEditResult> {
  const columns = getTableColumns(declared.from) as Record<string, PgColumn>;
  const key = columns[declared.rowKey!]!;
  let rows: Record<string, unknown>[];
  try {
    rows = (await updateRows(db, declared.from, { [edit.column]: edit.value }, and(scope, eq(key, edit.rowId)))) as Record<
      string,
      unknown
    >[];
  } catch (error) {
    // The answer's message is the model's for this cell (`expected an integer, found "abc"`), so the view shows it as it is.
    if (isDashbaseError(error) && cellErrorCodes.includes(error.code)) {
      const message = fieldMessages(error)?.[edit.column] ?? error.message;
      throw new DashbaseError(error.code, message, {
        cause: error,
        details: { ...error.details, table: declared.ref.id, column: edit.column },
      });
    }
    throw error;
  }
  const stored = rows[0];
  if (stored === undefined) {
    throw new DashbaseError(
      "DASHBASE_E_NOT_FOUND",
      `DataTable "${declared.ref.id}": no row with ${declared.rowKey} ${JSON.stringify(edit.rowId).slice(0, 80)} that this request may edit; it was deleted, or it is outside the table's where`,
      { details: { table: declared.ref.id } },
    );
  }
  const row: Record<string, unknown> = { id: stored[declared.rowKey!] };
  for (const column of declared.ref.columns) row[column.id] = stored[column.id];
  return { row: jsonSafe(row) };
}
