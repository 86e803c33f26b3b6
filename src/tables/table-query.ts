/**
 * @module
 * One page of a declared table: paging, sorting and filtering run through drizzle with every user
 * value sent as a parameter. Column names are checked against the declaration, so neither a
 * column name nor filter text can reach the SQL text.
 */
import { and, asc, count, desc, type SQL } from "drizzle-orm";
import { getTableColumns } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { maxTablePageSize, type DataTableColumn, type SortSpec } from "../layout/data-table.js";
import type { TablePage } from "../protocol/messages.js";
import type { DeclaredTable, TableContext } from "./declared-table.js";
import { filterSql } from "./filter-sql.js";
import { ownedBy } from "../auth/row-owner.js";

// The answer's shape is the wire protocol's; the package exports it from here.
export type { TablePage } from "../protocol/messages.js";

export interface TableRequest {
  /** The page the table is shown on (path and query), for the declaration's `where`; default "/". */
  path: string;
  page: number;
  pageSize: number;
  sortBy: SortSpec[];
  filter: Array<[string, string]>;
}

const maxFilterLength = 200;

/** What the checks below need of a declared table. */
interface TableShape {
  readonly id: string;
  readonly columns: readonly DataTableColumn[];
  readonly pageSize: number;
}

function fail(binding: TableShape, message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_TABLE_QUERY", `DataTable "${binding.id}": ${message}`, { details: { table: binding.id } });
}

function knownColumn(binding: TableShape, name: unknown, where: string): DataTableColumn {
  const column = binding.columns.find((entry) => entry.id === name);
  if (column === undefined) {
    throw fail(
      binding,
      `${where}: expected one of the columns ${binding.columns.map((entry) => entry.id).join(", ")}, found ${JSON.stringify(name)?.slice(0, 80)}`,
    );
  }
  return column;
}

const maxPathLength = 2048;

/** Reads and checks the request body. */
export function parseTableRequest(binding: TableShape, body: unknown): TableRequest {
  const raw = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const path = raw["path"] ?? "/";
  if (typeof path !== "string" || !path.startsWith("/") || path.length > maxPathLength) {
    throw fail(
      binding,
      `path: expected the page's path starting with "/" (at most ${maxPathLength} characters), found ${JSON.stringify(path)?.slice(0, 80)}`,
    );
  }
  const page = raw["page"] ?? 0;
  if (!Number.isInteger(page) || (page as number) < 0)
    throw fail(binding, `page: expected a whole number from 0, found ${JSON.stringify(page)}`);
  const pageSize = raw["pageSize"] ?? binding.pageSize;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > maxTablePageSize) {
    throw fail(binding, `pageSize: expected a whole number from 1 to ${maxTablePageSize}, found ${JSON.stringify(pageSize)}`);
  }
  const sortRaw = raw["sortBy"] ?? [];
  if (!Array.isArray(sortRaw) || sortRaw.length > binding.columns.length)
    throw fail(binding, "sortBy: expected an array of { column, direction } with at most one entry per column");
  const sortBy = sortRaw.map((entry: unknown, index): SortSpec => {
    const item = (entry ?? {}) as { column?: unknown; direction?: unknown };
    const column = knownColumn(binding, item.column, `sortBy[${index}].column`);
    if (item.direction !== "asc" && item.direction !== "desc")
      throw fail(binding, `sortBy[${index}].direction: expected "asc" or "desc", found ${JSON.stringify(item.direction)}`);
    return { column: column.id, direction: item.direction };
  });
  const filterRaw = raw["filter"] ?? {};
  if (typeof filterRaw !== "object" || filterRaw === null || Array.isArray(filterRaw))
    throw fail(binding, 'filter: expected an object { <column>: "text" }');
  const filter = Object.entries(filterRaw as Record<string, unknown>).flatMap(([name, text]): Array<[string, string]> => {
    knownColumn(binding, name, "filter");
    if (text === null || text === undefined || text === "") return [];
    if (typeof text !== "string" && typeof text !== "number") throw fail(binding, `filter.${name}: expected text, found ${typeof text}`);
    const value = String(text);
    if (value.length > maxFilterLength)
      throw fail(binding, `filter.${name}: expected at most ${maxFilterLength} characters, found ${value.length}`);
    return [[name, value.trim()]];
  });
  return { path, page: page as number, pageSize: pageSize as number, sortBy, filter };
}

export function jsonSafe(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === "bigint") row[key] = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    else if (value instanceof Uint8Array) row[key] = Buffer.from(value).toString("base64");
  }
  return row;
}

/** What a request selects, before paging: the rows its `where` and filters let through, in its order. */
export interface TableSelection {
  readonly request: TableRequest;
  readonly where: SQL | undefined;
  readonly order: SQL[];
  readonly fields: Record<string, PgColumn>;
}

/**
 * Checks a request and builds its conditions: the declaration's `where` for this request's
 * context, AND every column's filter. `stable` appends the primary key to the order, so batches
 * read with LIMIT/OFFSET neither repeat nor skip rows that tie.
 * @throws DashbaseError DASHBASE_E_TABLE_QUERY or DASHBASE_E_TABLE_FILTER naming the problem.
 */
export function tableSelection(
  declared: DeclaredTable,
  body: unknown,
  context: (path: string) => TableContext,
  stable = false,
): TableSelection {
  const binding = declared.ref;
  const request = parseTableRequest(binding, body);
  const columns = getTableColumns(declared.from) as Record<string, PgColumn>;
  const conditions: SQL[] = [];
  const requestContext = context(request.path);
  // Owned rows: only the session's own, whatever the declaration's where or the filters say.
  if (declared.owner !== undefined) conditions.push(ownedBy(declared.owner, requestContext.session));
  const scope = declared.where?.(requestContext);
  if (scope !== undefined) conditions.push(scope);
  for (const [name, text] of request.filter) {
    const condition = filterSql(binding.id, name, columns[name]!, knownColumn(binding, name, "filter").type, text);
    if (condition !== undefined) conditions.push(condition);
  }
  const where = conditions.length === 0 ? undefined : and(...conditions);
  const order = (request.sortBy.length > 0 ? request.sortBy : declared.defaultSort).map((spec) =>
    spec.direction === "asc" ? asc(columns[spec.column]!) : desc(columns[spec.column]!),
  );
  if (stable) {
    const sorted = new Set((request.sortBy.length > 0 ? request.sortBy : declared.defaultSort).map((spec) => spec.column));
    for (const [key, column] of Object.entries(columns)) if (column.primary && !sorted.has(key)) order.push(asc(column));
  }
  const fields = Object.fromEntries(binding.columns.map((column) => [column.id, columns[column.id]!]));
  // An editable table's rows carry their primary key as `id`: the edit names its row by it.
  if (declared.rowKey !== undefined) fields["id"] = columns[declared.rowKey]!;
  return { request, where, order, fields };
}

/**
 * Runs one page request for a declared table. `context` turns the request's page path into the
 * context its `where` receives (the server parses it against the app's pages).
 * @example
 * const page = await runTableQuery(db, declared, { page: 0, pageSize: 20, sortBy: [{ column: "stars", direction: "desc" }], filter: { title: "road" } }, (path) => ({ session, userId: null, path, params: {}, query: {}, db }));
 */
export async function runTableQuery(
  db: Queryable,
  declared: DeclaredTable,
  body: unknown,
  context: (path: string) => TableContext,
): Promise<TablePage> {
  const { request, where, order, fields } = tableSelection(declared, body, context);
  const [rows, totals] = await Promise.all([
    db
      .select(fields)
      .from(declared.from)
      .where(where)
      .orderBy(...order)
      .limit(request.pageSize)
      .offset(request.page * request.pageSize),
    db.select({ total: count() }).from(declared.from).where(where),
  ]);
  return {
    rows: rows.map((row) => jsonSafe(row as Record<string, unknown>)),
    total: totals[0]?.total ?? 0,
    page: request.page,
    pageSize: request.pageSize,
  };
}
