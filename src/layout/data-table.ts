/**
 * @module
 * `DataTable`: sorting, filtering and paging, either in the browser over `data`, or on the server
 * for a table declared with `app.table(id, ...)` (`DataTable({ table: ref })`), where the server
 * pages, sorts and filters with parameters only. The layout holds only plain data: the query
 * itself lives in the app's declaration.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { createNode, type ComponentNode, type Style } from "./component-node.js";

/** A column as the renderer shows it. `id` is the row key. */
export interface DataTableColumn {
  id: string;
  name?: string;
  type?: "text" | "numeric" | "datetime" | "boolean";
}

export interface SortSpec {
  column: string;
  direction: "asc" | "desc";
}

export const tableRefBrand = Symbol.for("dashbase.table-ref");
export const maxTablePageSize = 500;

/** What `app.table(id, ...)` returns: the declared table as layouts refer to it (plain data). */
export interface TableRef {
  readonly [tableRefBrand]: true;
  /** The declared id: the DataTable's id and its endpoint `/_dashbase/table/<id>`. */
  readonly id: string;
  readonly columns: readonly DataTableColumn[];
  readonly pageSize: number;
}

function isTableRef(value: unknown): value is TableRef {
  return typeof value === "object" && value !== null && (value as { [tableRefBrand]?: unknown })[tableRefBrand] === true;
}

export interface DataTableProps {
  id?: string;
  className?: string;
  style?: Style;
  columns?: readonly DataTableColumn[];
  /** Rows for a client-side table. */
  data?: readonly Readonly<Record<string, unknown>>[];
  page_size?: number;
  page_current?: number;
  sort_action?: "native" | "none";
  filter_action?: "native" | "none";
  /** Set by the server for a table bound to a query: fetch pages from `POST /_dashbase/table/<id>`. */
  server_side?: boolean;
  /**
   * For a table bound to a query: any value; when it changes (a callback's output, e.g. after the
   * callback wrote to the table) the browser fetches the page it shows again, with the same sort
   * and filter. A callback returns a new value each time, such as `Date.now()` or a counter.
   * Ignored by a table over `data`, which shows whatever `data` holds.
   * @example
   * app.callback([Output("notes", "data_version")], [Input("delete", "n_clicks")], async ([clicks], { db }) => {
   *   await db.delete(notes).where(eq(notes.done, true));
   *   return [Date.now()];
   * });
   */
  data_version?: string | number;
}

export type DataTableNode = ComponentNode<"DataTable", DataTableProps>;

/**
 * A table of rows: client-side over `data`, or the server-side pages of a table declared on the app.
 * @example
 * DataTable({ id: "countries", data: [{ code: "fr", name: "France" }], columns: [{ id: "name", name: "Country" }] });
 * const notesTable = app.table("notes", { from: models.notes, columns: ["title", "stars"], pageSize: 25 });
 * DataTable({ table: notesTable });
 */
export function DataTable(props: DataTableProps & { table?: TableRef }): DataTableNode {
  const { table, ...rest } = props;
  if ("query" in rest) {
    throw new DashbaseError(
      "DASHBASE_E_API_CHANGED",
      `DataTable({ query }) is no longer supported: declare the table once on the app and pass what it returns, e.g. const ${String(rest.id ?? "notes")}Table = app.table("${String(rest.id ?? "notes")}", { from: models.notes, columns, where: (ctx) => ... }); then DataTable({ table: ${String(rest.id ?? "notes")}Table }). A where receives the request's context (ctx.session), not a session captured by the layout.`,
    );
  }
  if (table === undefined) {
    const columns = rest.columns ?? (rest.data?.[0] ? Object.keys(rest.data[0]).map((id) => ({ id, name: id })) : undefined);
    return createNode("DataTable", { sort_action: "native" as const, filter_action: "native" as const, page_size: 20, ...rest, columns });
  }
  if (!isTableRef(table)) {
    throw new DashbaseError("DASHBASE_E_APP_INVALID", `DataTable({ table }): expected what app.table(id, ...) returns, found ${JSON.stringify(table)?.slice(0, 80) ?? typeof table}`);
  }
  if (rest.id !== undefined && rest.id !== table.id) {
    throw new DashbaseError("DASHBASE_E_APP_INVALID", `DataTable({ id: "${rest.id}", table }): a declared table's DataTable takes the table's id "${table.id}"; leave id out`);
  }
  return createNode("DataTable", {
    sort_action: "native" as const,
    filter_action: "native" as const,
    ...rest,
    id: table.id,
    columns: table.columns,
    page_size: table.pageSize,
    server_side: true,
  });
}
