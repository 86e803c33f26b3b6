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
  columns?: readonly (ColumnKey<T> | { id: ColumnKey<T>; name?: string; editable?: boolean })[];
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
   * Columns the user may edit in place, by key (each one of `columns`), or `true` for every shown
   * column but the primary key. An edit goes to `POST /_dashbase/table/<id>/edit`, is checked with
   * the model's validators and written to the one row it names (by primary key, within `where`).
   * The table needs a one-column primary key; its rows then carry it as `id`. A column may say it
   * itself instead: `columns: [{ id: "stars", editable: true }]`.
   * @example
   * editable: ["title", "stars"]
   */
  editable?: true | readonly ColumnKey<T>[];
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
  /** The model keys of the columns the user may edit (empty: the table is read-only). */
  readonly editable: ReadonlySet<string>;
  /** The model key of the one-column primary key, sent as each row's `id`; set when the table is editable. */
  readonly rowKey: string | undefined;
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
    const name = typeof entry === "string" || entry.name === undefined ? columnLabel(key) : entry.name;
    return Object.freeze({ id: key, name, type: columnKind(column.dataType) });
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
  const ownerKey = spec.owner === undefined ? undefined : ownerKeyOf(spec.from, spec.owner, `app.table("${id}")`);
  // A column listed as { id, editable: true } is editable as if `editable` named it.
  const marked = wanted.flatMap((entry) => (typeof entry === "object" && entry.editable === true ? [entry.id as string] : []));
  const listed = spec.editable === true || marked.length === 0 ? spec.editable : [...(spec.editable ?? []), ...marked];
  const { editable, rowKey } = editableColumns(id, listed, columns, available);
  // An owner column edited in place would hand a row to someone else.
  if (ownerKey !== undefined && editable.has(ownerKey))
    throw invalid(id, `editable names the owner column "${ownerKey}"; rows cannot change owner by an edit`);
  const shown = columns.map((column) => (editable.has(column.id) ? Object.freeze({ ...column, editable: true }) : column));
  const ref: TableRef = Object.freeze({ [tableRefBrand]: true as const, id, columns: Object.freeze(shown), pageSize });
  return Object.freeze({
    ref,
    from: spec.from,
    where: spec.where,
    defaultSort: Object.freeze(defaultSort),
    editable,
    rowKey,
    access,
    owner: spec.owner,
  });
}

/** Checks `editable` against the shown columns and finds the primary key the edits address rows by. */
function editableColumns(
  id: string,
  wanted: unknown,
  columns: readonly DataTableColumn[],
  available: Record<string, { primary: boolean }>,
): { editable: ReadonlySet<string>; rowKey: string | undefined } {
  if (wanted === undefined || wanted === false) return { editable: new Set(), rowKey: undefined };
  const keys = Object.entries(available)
    .filter(([, column]) => column.primary)
    .map(([key]) => key);
  if (keys.length !== 1) {
    throw invalid(
      id,
      `editable needs a table with a one-column primary key to address rows by, found ${keys.length === 0 ? "none" : `${keys.join(", ")}`}; add e.g. id: serial("id").primaryKey() to the model`,
    );
  }
  const rowKey = keys[0]!;
  if (rowKey !== "id" && "id" in available) {
    throw invalid(id, `editable rows carry their primary key "${rowKey}" as "id", but the model has another column keyed "id"`);
  }
  const shownIds = columns.map((column) => column.id);
  let names: string[];
  if (wanted === true) names = shownIds.filter((name) => name !== rowKey);
  else if (Array.isArray(wanted) && wanted.every((name) => typeof name === "string")) names = [...(wanted as string[])];
  else throw invalid(id, `editable must be true or a list of column keys, found ${JSON.stringify(wanted)?.slice(0, 80)}`);
  for (const name of names) {
    if (!shownIds.includes(name)) throw invalid(id, `editable names "${name}", which is not one of its columns (${shownIds.join(", ")})`);
    if (name === rowKey) throw invalid(id, `editable names the primary key "${name}"; rows are addressed by it, so it cannot be edited`);
  }
  return { editable: new Set(names), rowKey };
}
