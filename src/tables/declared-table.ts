/**
 * @module
 * Tables bound to a query, declared once on the app (`app.table(id, spec)`): the server answers
 * `POST /_dashbase/table/<id>` from the declaration alone, so every process of a deployment can
 * serve any table without having rendered its page first, and a table's `where` sees only the
 * context of the request it runs for.
 */
import { getTableColumns, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { readAccessRule, type AccessRequirement, type AccessRule } from "../auth/access-rule.js";
import { ownerKeyOf } from "../auth/row-owner.js";
import type { RequestSession } from "../callbacks/callback-context.js";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { maxTablePageSize, tableRefBrand, type DataTableColumn, type SortSpec, type TableRef } from "../layout/data-table.js";
import { columnLabel } from "./column-label.js";

/** What a declared table's `where` receives: this request's facts, never another's. */
export interface TableContext {
  /** The browser session of the request (its `owner` keys per-visitor rows). */
  readonly session: RequestSession;
  /** The signed-in user's id, or null. */
  readonly userId: string | null;
  /** The page the table is shown on, as the browser reports it (path params and query parsed against the app's pages). */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly db: Database;
}

type ColumnKey<T extends PgTable> = Extract<keyof T["_"]["columns"], string>;

/** How a table is declared: `app.table("history", { from: models.userPreferences, columns: [...] })`. */
export interface TableSpec<T extends PgTable = PgTable> {
  /** The drizzle table the rows come from. */
  from: T;
  /** Which columns to show, by the key you gave them in the model (default: all), optionally with a header (default: the key made readable, `createdAt` → "Created at"). */
  columns?: readonly (ColumnKey<T> | { id: ColumnKey<T>; name: string })[];
  /**
   * The rows this request may see, combined with the user's filters by AND; called for every
   * page request with that request's context.
   * @example
   * where: (ctx) => eq(notes.owner, ctx.session.owner)
   */
  where?: (ctx: TableContext) => SQL | undefined;
  /** Rows per page (default 20, at most 500). */
  pageSize?: number;
  /** Order when the user has not sorted (default: the table's order). */
  defaultSort?: readonly SortSpec[];
  /**
   * Who may read it: `"user"` or `{ role: "editor" }`; without it, the rule of the protected pages
   * whose layouts show it (docs/access.md).
   */
  access?: AccessRule;
  /**
   * The column holding each row's owner (`models.savedViews.userId`): every page and export shows
   * only the rows whose owner is the session's (`session.owner`, the user id once signed in),
   * ANDed with `where` and the user's filters.
   */
  owner?: PgColumn;
}

/** A declared table as the server runs it. */
export interface DeclaredTable {
  readonly ref: TableRef;
  readonly from: PgTable;
  readonly where: ((ctx: TableContext) => SQL | undefined) | undefined;
  readonly defaultSort: readonly SortSpec[];
  /** The table's own access rule (inherited ones are the app's to work out: src/auth/access-plan.ts). */
  readonly access: AccessRequirement | undefined;
  /** The owner column, when rows belong to their owners. */
  readonly owner: PgColumn | undefined;
}

const tableIdPattern = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

function columnKind(dataType: string): DataTableColumn["type"] {
  if (dataType === "number" || dataType === "bigint") return "numeric";
  if (dataType === "date") return "datetime";
  if (dataType === "boolean") return "boolean";
  return "text";
}

function invalid(id: string, message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_APP_INVALID", `app.table("${id}"): ${message}`, { details: { table: id } });
}

/**
 * Checks a declaration and computes what the renderer needs (columns with kinds, page size).
 * @throws DashbaseError DASHBASE_E_APP_INVALID naming the bad part.
 * @example
 * const history = declareTable("history", { from: userPreferences, columns: ["userName", "createdAt"], pageSize: 10 });
 */
export function declareTable<T extends PgTable>(id: string, spec: TableSpec<T>): DeclaredTable {
  if (typeof id !== "string" || !tableIdPattern.test(id)) {
    throw invalid(
      String(id),
      `expected an id of letters, digits, "-" and "_" starting with a letter (at most 100 characters), found ${JSON.stringify(id)}`,
    );
  }
  if (typeof spec !== "object" || spec === null || typeof spec.from !== "object" || spec.from === null) {
    throw invalid(id, "expected { from: <a drizzle table>, columns?, where?, pageSize?, defaultSort?, access?, owner? }");
  }
  const available = getTableColumns(spec.from);
  const wanted = spec.columns ?? Object.keys(available);
  const columns = wanted.map((entry): DataTableColumn => {
    const key = typeof entry === "string" ? entry : entry.id;
    const column = available[key];
    if (column === undefined)
      throw invalid(id, `column "${key}" is not in the table; expected one of ${Object.keys(available).join(", ")}`);
    return Object.freeze({ id: key, name: typeof entry === "string" ? columnLabel(key) : entry.name, type: columnKind(column.dataType) });
  });
  const pageSize = spec.pageSize ?? 20;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxTablePageSize) {
    throw invalid(id, `pageSize must be a whole number from 1 to ${maxTablePageSize}, found ${pageSize}`);
  }
  const defaultSort = (spec.defaultSort ?? []).map((sort) => {
    if (!columns.some((column) => column.id === sort.column))
      throw invalid(id, `defaultSort names "${sort.column}", which is not one of its columns`);
    return Object.freeze({ column: sort.column, direction: sort.direction });
  });
  if (spec.where !== undefined && typeof spec.where !== "function")
    throw invalid(id, `where must be a function of the request context, found ${typeof spec.where}`);
  const access = readAccessRule(spec.access, `app.table("${id}")`);
  if (spec.owner !== undefined) ownerKeyOf(spec.from, spec.owner, `app.table("${id}")`);
  const ref: TableRef = Object.freeze({ [tableRefBrand]: true as const, id, columns: Object.freeze(columns), pageSize });
  return Object.freeze({ ref, from: spec.from, where: spec.where, defaultSort: Object.freeze(defaultSort), access, owner: spec.owner });
}
