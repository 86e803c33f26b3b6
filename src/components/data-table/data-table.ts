/**
 * @module
 * `DataTable`: its props and definition. The factory lives in src/layout/data-table.ts, so the
 * renderer, which reads this definition, does not carry the factory's coded errors.
 */
import type { ComponentNode, Style } from "../../layout/component-node.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { StyleTone } from "./style-rules.js";

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

/**
 * One rule of `style_data_conditional`: when every part of `if` holds for a cell, the cell gets
 * `style`, `className` and `tone`. Later rules win over earlier ones for the same property.
 * @example
 * { if: { column_id: "stars", filter: { stars: ">= 4" } }, tone: "success", style: { fontWeight: 600 } }
 */
export interface DataTableStyleCondition {
  /** When the rule applies; every part given must hold (none given: every cell). */
  if?: {
    /** Only the cells of this column (or these columns); absent: every cell of a matching row. */
    column_id?: string | readonly string[];
    /** Column id -> a filter-language expression (`>= 4`, `= "done"`, `contains x OR = y`) the row's value must pass; all must hold. */
    filter?: Readonly<Record<string, string>>;
    /** The row's position on the page shown (from 0), or every "odd" / "even" one. */
    row_index?: number | "odd" | "even";
    /** Only the active cell, or only the cells of selected rows. */
    state?: "active" | "selected";
  };
  /** CSS for the cells; only a safe list of properties (colours, font, border, alignment, padding ...), no `url()`. */
  style?: Style;
  /** Class names to add (letters, digits, `-`, `_`), for styles of your own in `assets/`. */
  className?: string;
  /** A themed colour for the cells, following light and dark themes: "accent", "success", "warning", "danger", "muted". */
  tone?: StyleTone;
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
  /**
   * Every cell editable (a column's own `editable` says otherwise for it). Edits change `data`, which
   * fires callbacks with `Input("t", "data")`. A table bound to a query ignores it: declare
   * `app.table(id, { editable: [...] })` instead, and the server validates and writes each edit.
   */
  editable?: boolean;
  /**
   * Styles for cells and rows by condition (Dash's `style_data_conditional`): a column's value in
   * the filter language, the row's position, the active cell or selected rows.
   * @example
   * style_data_conditional: [{ if: { filter: { stars: "< 2" } }, tone: "danger" }, { if: { row_index: "odd" }, style: { backgroundColor: "var(--dashbase-surface)" } }]
   */
  style_data_conditional?: readonly DataTableStyleCondition[];
  /**
   * The `id` field of the selected rows, set by the view beside `selected_rows` when the rows have
   * one (an editable declared table's rows carry their primary key as `id`). For a table bound to
   * a query it decides which rows show as selected, so the selection follows a row across pages
   * and sorts. An Input of it: `Input<readonly (string | number)[]>("notes", "selected_row_ids")`.
   */
  selected_row_ids?: readonly (string | number)[];
  /** The rows before the user's last edit of a table over `data` (set by the view with `data`, as in Dash). */
  data_previous?: readonly Readonly<Record<string, unknown>>[];
  /** When the user last edited a table over `data` (milliseconds since 1970, set by the view). */
  data_timestamp?: number;
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
