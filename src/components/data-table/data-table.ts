/**
 * @module
 * `DataTable`: its props and definition. The factory lives in src/layout/data-table.ts, so the
 * renderer, which reads this definition, does not carry the factory's coded errors.
 */
import type { ComponentNode, Style } from "../../layout/component-node.js";
import { defineComponent } from "../../protocol/component-definition.js";

/** A column as the renderer shows it. `id` is the row key. */
export interface DataTableColumn {
  id: string;
  name?: string;
  type?: "text" | "numeric" | "datetime" | "boolean";
  /** The user may edit this column's cells (double-click or Enter on a cell; Enter saves, Escape cancels). */
  editable?: boolean;
}

export interface SortSpec {
  column: string;
  direction: "asc" | "desc";
}

/**
 * The cell last clicked, as the view sets it: `row` is the row's position on the page shown,
 * `column` the column's position, `row_id` its `id` field when the row has one.
 */
export interface DataTableActiveCell {
  row: number;
  column: number;
  column_id: string;
  /** The row's `id` field as the data holds it (a number or a string for a database key). */
  row_id?: unknown;
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
  /** "native" sorts in the browser; "custom" (or a query-bound table) asks the server. */
  sort_action?: "native" | "custom" | "none";
  filter_action?: "native" | "custom" | "none";
  /** "none" shows every row on one page. */
  page_action?: "native" | "custom" | "none";
  /** The sort shown, as in Dash: `[{ column_id, direction }]`. */
  sort_by?: readonly { column_id: string; direction: "asc" | "desc" }[];
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
  /**
   * "csv" shows an Export button that downloads the rows of the current filter and sort, every
   * page: built in the browser for a table over `data`, streamed by the server for a table bound
   * to a query (`POST /_dashbase/table/<id>/export`). Default "none".
   */
  export_format?: "csv" | "none";
  /** A caption above the table (its accessible name). */
  caption?: string;
  /** Shows a radio button ("single") or a checkbox ("multi") on each row; false (the default) shows none. */
  row_selectable?: "single" | "multi" | false;
  /**
   * The selected rows, which the view sets when the user ticks one (and a callback may set): the
   * row's index in `data` for a table over `data`, its position on the page shown for a table bound
   * to a query. An Input of it: `Input<readonly number[]>("notes", "selected_rows")`.
   */
  selected_rows?: readonly number[];
  /** The cell last clicked (null or absent when none), set by the view. An Input of it: `Input<DataTableActiveCell | null>("notes", "active_cell")`. */
  active_cell?: DataTableActiveCell | null;
}

export type DataTableNode = ComponentNode<"DataTable", DataTableProps>;

/**
 * Rows with sorting, filtering and paging: in the browser over `data`, or the server-side pages of
 * a table declared on the app. Its view is a chunk fetched the first time a page shows one.
 * @example
 * DataTable({ table: app.table("notes", { from: models.notes, columns: ["title", "stars"], pageSize: 25 }) })
 */
export const dataTable = defineComponent<"DataTable", DataTableProps>({
  type: "DataTable",
  children: "none",
  defaults: { sort_action: "native", filter_action: "native", page_size: 20 },
  view: "lazy",
});
