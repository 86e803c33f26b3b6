/**
 * @module
 * `DataTable`: an accessible table with sortable headers, a filter row, paging, row selection and
 * an active cell. Client-side over `data`; for a table bound to a query (`server_side`), each page
 * comes from `POST /_dashbase/table/<id>` and the server sorts, filters and pages; a new
 * `data_version` (from a callback that wrote to the table) fetches the shown page again. A page
 * request that fails shows the server's notice and keeps the rows shown before ("No rows" is only
 * ever an empty answer); the next page, sort or filter change or `data_version` asks again.
 * Loaded as its own chunk, only by pages that show a table.
 */
import type { ComponentChild } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { problemOf } from "../../client/http-client.js";
import { csvText } from "../../protocol/csv-field.js";
import { tableEditPath, tableExportPath, tablePath } from "../../protocol/endpoints.js";
import { tableCellErrorCodes, type TableEditAnswer, type TableEditRequest, type TablePage } from "../../protocol/messages.js";
import { useRenderer } from "../../client/renderer-context.js";
import {
  editText,
  editedValue,
  filterRows,
  localEditProblem,
  nextSort,
  pageAfterShrink,
  pageCount,
  pageRows,
  sortRows,
  tableRequestKey,
  type Row,
  type SortKey,
} from "../../client/table-logic.js";
import type { DataTableProps } from "./data-table.js";
import { rowCount } from "./row-count.js";
import { cellText, type CellKind } from "../../client/cell-text.js";
import { cellLook } from "../../client/table-style.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import styles from "./data-table.lazy.css";

addLazyStyles("data-table", styles);

interface Column {
  id: string;
  name: string;
  numeric: boolean;
  kind: CellKind;
  /** The column's own `editable`, when it says. */
  editable: boolean | undefined;
}

/** The cell being edited: its row (position on the page), column, the text typed, and the model's message. */
interface Editing {
  position: number;
  column: string;
  text: string;
  error?: string;
  saving?: boolean;
}

const cellKinds: readonly CellKind[] = ["text", "numeric", "datetime", "boolean"];
/** The reader's locale and time zone, for datetime columns. */
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const FILTER_DEBOUNCE_MS = 300;

function columnsOf(props: ViewProps["props"], rows: readonly Row[]): Column[] {
  const raw = props.columns;
  if (Array.isArray(raw)) {
    return raw.flatMap((column: unknown) => {
      if (typeof column !== "object" || column === null) return [];
      const { id, name, type, editable } = column as { id?: unknown; name?: unknown; type?: unknown; editable?: unknown };
      if (typeof id !== "string") return [];
      const label = Array.isArray(name) ? name.join(" ") : typeof name === "string" ? name : id;
      const kind = cellKinds.find((entry) => entry === type) ?? "text";
      return [{ id, name: label, numeric: type === "numeric", kind, editable: typeof editable === "boolean" ? editable : undefined }];
    });
  }
  const first = rows[0];
  return first === undefined
    ? []
    : Object.keys(first).map((id) => ({
        id,
        name: id,
        numeric: typeof first[id] === "number",
        kind: typeof first[id] === "number" ? ("numeric" as const) : ("text" as const),
        editable: undefined,
      }));
}

function rowsOf(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter((row): row is Row => typeof row === "object" && row !== null && !Array.isArray(row)) : [];
}

/** Dash's `sort_by` is `[{ column_id, direction }]`. */
function sortFromProps(value: unknown): SortKey[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const { column_id, direction } = (entry ?? {}) as { column_id?: unknown; direction?: unknown };
    return typeof column_id === "string" && (direction === "asc" || direction === "desc") ? [{ column: column_id, direction }] : [];
  });
}

function Cell(props: { value: unknown; kind: CellKind }): ComponentChild {
  const { text, dateTime } = cellText(props.value, props.kind, dates);
  return dateTime === undefined ? text : <time dateTime={dateTime}>{text}</time>;
}

/** The input of the cell being edited: Enter (or leaving it) saves, Escape cancels; the model's message shows below. */
function CellEditor(props: {
  label: string;
  editing: Editing;
  onText: (text: string) => void;
  onSave: (text: string) => void;
  onCancel: () => void;
}): ComponentChild {
  const input = useRef<HTMLInputElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const { editing } = props;
  const errorId = `dashbase-cell-error-${editing.position}-${editing.column}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return (
    <div class="dashbase-table-editor">
      <input
        ref={input}
        type="text"
        class="dashbase-table-edit-input"
        aria-label={props.label}
        aria-invalid={editing.error === undefined ? undefined : true}
        aria-describedby={editing.error === undefined ? undefined : errorId}
        readOnly={editing.saving === true}
        value={editing.text}
        onInput={(event) => props.onText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            props.onSave(event.currentTarget.value);
          } else if (event.key === "Escape") {
            event.preventDefault();
            cancelled.current = true;
            props.onCancel();
          }
        }}
        onBlur={(event) => {
          if (!cancelled.current && editing.error === undefined) props.onSave(event.currentTarget.value);
        }}
      />
      {editing.error !== undefined && (
        <span id={errorId} class="dashbase-table-cell-error" role="alert">
          {editing.error}
        </span>
      )}
    </div>
  );
}

/** Hands a file to the browser's download (an object URL on a link that is clicked once). */
function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `DataTable`. */
export default function DataTableView(view: ViewProps<DataTableProps>): ComponentChild {
  const renderer = useRenderer();
  const { props } = view;
  const serverSide =
    props.server_side === true || props.page_action === "custom" || props.sort_action === "custom" || props.filter_action === "custom";
  const localRows = useMemo(() => rowsOf(props.data), [props.data]);
  // The last page the server gave (kept when a later request fails), and whether the last request failed.
  const [remote, setRemote] = useState<{ rows: Row[]; total: number; page: number } | null>(null);
  const [fetching, setFetching] = useState(false);
  const [failed, setFailed] = useState(false);
  const failedRef = useRef(failed);
  failedRef.current = failed;
  // Bumped to ask again for the same page after a failure (the request key alone would not change).
  const [attempt, setAttempt] = useState(0);
  const [exporting, setExporting] = useState(false);
  const columns = columnsOf(props, serverSide ? (remote?.rows ?? []) : localRows);
  const pageSize = Math.max(1, numberProp(props, "page_size") ?? 250);
  const page = Math.max(0, numberProp(props, "page_current") ?? 0);
  const sortBy = sortFromProps(props.sort_by);
  const sortable = props.sort_action === "native" || props.sort_action === "custom";
  const filterable = props.filter_action === "native" || props.filter_action === "custom";
  const paged = props.page_action !== "none";
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [appliedFilters, setAppliedFilters] = useState<Record<string, string>>({});
  const filterTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(filterTimer.current), []);

  const tableKey = view.idKey;
  // A callback changes data_version after writing to the table: the same page is fetched again.
  const requestKey = tableRequestKey({ page, pageSize, sortBy, filter: appliedFilters, dataVersion: props.data_version });
  useEffect(() => {
    if (!serverSide || tableKey === undefined) return undefined;
    let live = true;
    setFetching(true);
    const filter = Object.fromEntries(Object.entries(appliedFilters).filter(([, text]) => text.trim() !== ""));
    // The page the table is shown on: a declared table's `where` may read its params and query.
    const body = { page, pageSize, sortBy, filter, path: renderer.currentPath() };
    renderer.http
      .post(tablePath(tableKey), body)
      .then((answer) => {
        if (!live) return;
        if (answer.status !== 200) {
          setFailed(true);
          renderer.notices.show(problemOf(answer));
          return;
        }
        setFailed(false);
        const result = answer.body as TablePage;
        const rows = rowsOf(result.rows);
        const total = typeof result.total === "number" ? result.total : 0;
        const lastPage = pageAfterShrink({ page, pageSize, total, rowsOnPage: rows.length });
        if (lastPage !== undefined) {
          view.setProps({ page_current: lastPage });
          return;
        }
        setRemote({ rows, total, page });
      })
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        renderer.notices.show({ message: `The table could not be loaded: ${String(error)}` });
      })
      .finally(() => {
        if (live) setFetching(false);
      });
    return () => {
      live = false;
    };
  }, [serverSide, tableKey, requestKey, attempt, renderer]);

  let shown: Row[];
  let total: number;
  let currentPage = page;
  if (serverSide) {
    shown = remote?.rows ?? [];
    total = remote?.total ?? 0;
    // after a failure the pager tells the page whose rows are still shown, and moves from there
    if (failed && remote !== null) currentPage = remote.page;
  } else {
    const filtered = filterRows(localRows, appliedFilters);
    const sorted = sortRows(filtered, sortBy);
    total = sorted.length;
    if (paged) {
      const slice = pageRows(sorted, page, pageSize);
      shown = slice.rows;
      currentPage = slice.page;
    } else shown = sorted;
  }
  const pages = pageCount(total, pageSize);
  const selectable = props.row_selectable === "single" || props.row_selectable === "multi" ? props.row_selectable : null;
  const selected = Array.isArray(props.selected_rows)
    ? (props.selected_rows as unknown[]).filter((n): n is number => typeof n === "number")
    : [];
  const active = props.active_cell as { row?: unknown; column_id?: unknown } | null | undefined;

  const rowIndex = (row: Row, positionOnPage: number): number => (serverSide ? positionOnPage : localRows.indexOf(row));
  const goToPage = (target: number): void => {
    // the page already asked for, whose request failed: ask again
    if (target === page) setAttempt((count) => (failed ? count + 1 : count));
    else view.setProps({ page_current: target });
  };
  const setSort = (column: string, add: boolean): void => {
    const next = nextSort(sortBy, column, add);
    view.setProps({ sort_by: next.map((key) => ({ column_id: key.column, direction: key.direction })), page_current: 0 });
  };
  const setFilter = (column: string, text: string): void => {
    const next = { ...filters, [column]: text };
    setFilters(next);
    clearTimeout(filterTimer.current);
    filterTimer.current = setTimeout(() => {
      setAppliedFilters(next);
      // a filter that leaves the request as it was still asks again after a failure
      if (failedRef.current) setAttempt((count) => count + 1);
      if (page !== 0) view.setProps({ page_current: 0 });
    }, FILTER_DEBOUNCE_MS);
  };
  // Rows with an `id` are also selected by it, so a query-bound table's selection follows the row across pages and sorts.
  const selectedIds = Array.isArray(props.selected_row_ids) ? (props.selected_row_ids as unknown[]) : undefined;
  const rowSelected = (row: Row, index: number): boolean =>
    serverSide && row.id !== undefined && selectedIds !== undefined ? selectedIds.includes(row.id) : selected.includes(index);
  const toggleRow = (index: number, row: Row): void => {
    const on = !rowSelected(row, index);
    const next =
      selectable === "single" ? [index] : on ? [...selected.filter((n) => n !== index), index] : selected.filter((n) => n !== index);
    if (row.id === undefined) {
      view.setProps({ selected_rows: next });
      return;
    }
    const ids = selectedIds ?? [];
    const nextIds =
      selectable === "single" ? [row.id] : on ? [...ids.filter((id) => id !== row.id), row.id] : ids.filter((id) => id !== row.id);
    view.setProps({ selected_rows: next, selected_row_ids: nextIds as (string | number)[] });
  };
  const [editing, setEditing] = useState<Editing | null>(null);
  // An edit is sent once: Enter and the blur that may follow it must not both save.
  const saving = useRef(false);
  // A table bound to a query edits only what its declaration lists (the server checks again).
  const canEdit = (column: Column, row: Row): boolean =>
    serverSide ? column.editable === true && row.id !== undefined : (column.editable ?? props.editable === true);
  const startEdit = (position: number, column: Column, row: Row): void => {
    if (canEdit(column, row)) setEditing({ position, column: column.id, text: editText(row[column.id]) });
  };
  const commitEdit = (row: Row, column: Column, text: string): void => {
    if (saving.current) return;
    if (text === editText(row[column.id])) {
      setEditing(null);
      return;
    }
    const value = editedValue(text, column.kind);
    const current = editing;
    if (current === null) return;
    if (!serverSide) {
      const problem = localEditProblem(value, column.kind);
      if (problem !== undefined) {
        setEditing({ ...current, text, error: problem });
        return;
      }
      const index = localRows.indexOf(row);
      const next = localRows.map((entry, at) => (at === index ? { ...entry, [column.id]: value } : entry));
      setEditing(null);
      // As Dash: the rows before the edit, and when it happened, for callbacks that compare.
      view.setProps({ data: next, data_previous: localRows, data_timestamp: Date.now() });
      return;
    }
    if (tableKey === undefined) return;
    saving.current = true;
    setEditing({ ...current, text, saving: true });
    renderer.http
      .post(tableEditPath(tableKey), {
        rowId: row.id as TableEditRequest["rowId"],
        column: column.id,
        value,
        path: renderer.currentPath(),
      } satisfies TableEditRequest)
      .then((answer) => {
        const stored = (answer.body as Partial<TableEditAnswer> | undefined)?.row;
        if (answer.status === 200 && stored !== undefined) {
          setRemote((shownPage) =>
            shownPage === null
              ? shownPage
              : { ...shownPage, rows: shownPage.rows.map((entry) => (entry.id === row.id ? { ...entry, ...stored } : entry)) },
          );
          setEditing(null);
          return;
        }
        const problem = problemOf(answer);
        // A value the model refused: its message belongs on the cell; anything else is a notice.
        if (problem.code !== undefined && tableCellErrorCodes.includes(problem.code))
          setEditing({ ...current, text, error: problem.message });
        else {
          setEditing({ ...current, text });
          renderer.notices.show(problem);
        }
      })
      .catch((error: unknown) => {
        setEditing({ ...current, text });
        renderer.notices.show({ message: `The edit was not saved: ${String(error)}` });
      })
      .finally(() => {
        saving.current = false;
      });
  };
  const caption = stringProp(props, "caption");
  const exportable = props.export_format === "csv";
  const exportCsv = (): void => {
    const filename = `${tableKey ?? "table"}.csv`.replace(/[^A-Za-z0-9_.-]/g, "_");
    if (!serverSide) {
      const rows = sortRows(filterRows(localRows, appliedFilters), sortBy);
      saveFile(new Blob([csvText(columns, rows)], { type: "text/csv;charset=utf-8" }), filename);
      return;
    }
    if (tableKey === undefined) return;
    const filter = Object.fromEntries(Object.entries(appliedFilters).filter(([, text]) => text.trim() !== ""));
    setExporting(true);
    renderer.http
      .download(tableExportPath(tableKey), { sortBy, filter, path: renderer.currentPath() })
      .then((answer) => {
        if (answer.blob !== undefined) saveFile(answer.blob, filename);
        else renderer.notices.show(problemOf(answer));
      })
      .catch((error: unknown) => renderer.notices.show({ message: `The export failed: ${String(error)}` }))
      .finally(() => setExporting(false));
  };

  return (
    <div {...rootAttributes(view, `dashbase-table${fetching ? " is-fetching" : ""}`)} aria-busy={fetching}>
      {exportable && (
        <div class="dashbase-table-toolbar">
          <button type="button" class="dashbase-button is-secondary dashbase-table-export" disabled={exporting} onClick={exportCsv}>
            {exporting ? "Exporting…" : "Export CSV"}
          </button>
        </div>
      )}
      <div class="dashbase-table-scroll">
        <table>
          {caption !== undefined && <caption>{caption}</caption>}
          <thead>
            <tr>
              {selectable !== null && (
                <th scope="col" class="dashbase-table-select">
                  <span class="dashbase-visually-hidden">Select</span>
                </th>
              )}
              {columns.map((column) => {
                const sorted = sortBy.find((key) => key.column === column.id);
                const ariaSort = sorted === undefined ? undefined : sorted.direction === "asc" ? "ascending" : "descending";
                return (
                  <th scope="col" key={column.id} aria-sort={ariaSort} class={column.numeric ? "is-numeric" : undefined}>
                    {sortable ? (
                      <button type="button" class="dashbase-sort" onClick={(event) => setSort(column.id, event.shiftKey)}>
                        {column.name}
                        <span class="dashbase-sort-indicator" aria-hidden="true">
                          {sorted === undefined ? "↕" : sorted.direction === "asc" ? "▲" : "▼"}
                          {sorted !== undefined && sortBy.length > 1 ? sortBy.indexOf(sorted) + 1 : ""}
                        </span>
                      </button>
                    ) : (
                      column.name
                    )}
                  </th>
                );
              })}
            </tr>
            {filterable && (
              <tr class="dashbase-filter-row">
                {selectable !== null && <td />}
                {columns.map((column) => (
                  <td key={column.id}>
                    <input
                      type="search"
                      class="dashbase-filter-input"
                      aria-label={`Filter ${column.name}`}
                      placeholder="Filter…"
                      value={filters[column.id] ?? ""}
                      onInput={(event) => setFilter(column.id, event.currentTarget.value)}
                    />
                  </td>
                ))}
              </tr>
            )}
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td class="dashbase-table-empty" colSpan={columns.length + (selectable === null ? 0 : 1)}>
                  {fetching ? "Loading…" : failed ? "The rows could not be loaded." : "No rows"}
                </td>
              </tr>
            )}
            {shown.map((row, position) => {
              const index = rowIndex(row, position);
              const isSelected = rowSelected(row, index);
              return (
                <tr key={index} class={isSelected ? "is-selected" : undefined} aria-selected={selectable === null ? undefined : isSelected}>
                  {selectable !== null && (
                    <td class="dashbase-table-select">
                      <input
                        type={selectable === "single" ? "radio" : "checkbox"}
                        name={`${tableKey ?? "table"}-select`}
                        aria-label={`Select row ${currentPage * pageSize + position + 1}`}
                        checked={isSelected}
                        onChange={() => toggleRow(index, row)}
                      />
                    </td>
                  )}
                  {columns.map((column, columnIndex) => {
                    const isActive = active !== null && active !== undefined && active.row === position && active.column_id === column.id;
                    const look = cellLook(props.style_data_conditional, {
                      row,
                      rowIndex: position,
                      columnId: column.id,
                      active: isActive,
                      selected: isSelected,
                    });
                    const editable = canEdit(column, row);
                    const edited = editing !== null && editing.position === position && editing.column === column.id ? editing : null;
                    const classes = [
                      column.numeric ? "is-numeric" : "",
                      isActive ? "is-active" : "",
                      editable ? "is-editable" : "",
                      edited?.error === undefined ? "" : "is-invalid",
                      ...look.classes,
                    ].filter(Boolean);
                    return (
                      <td
                        key={column.id}
                        class={classes.join(" ") || undefined}
                        style={look.style}
                        tabIndex={editable ? 0 : undefined}
                        onClick={() => {
                          if (edited !== null) return;
                          view.setProps({
                            active_cell: {
                              row: position,
                              column: columnIndex,
                              column_id: column.id,
                              ...(row.id === undefined ? {} : { row_id: row.id }),
                            },
                          });
                        }}
                        onDblClick={() => edited === null && startEdit(position, column, row)}
                        onKeyDown={(event) => {
                          if (edited === null && (event.key === "Enter" || event.key === "F2") && event.target === event.currentTarget) {
                            event.preventDefault();
                            startEdit(position, column, row);
                          }
                        }}
                      >
                        {edited === null ? (
                          <Cell value={row[column.id]} kind={column.kind} />
                        ) : (
                          <CellEditor
                            label={`Edit ${column.name}, row ${currentPage * pageSize + position + 1}`}
                            editing={edited}
                            onText={(text) => setEditing({ ...edited, text, error: undefined })}
                            onSave={(text) => commitEdit(row, column, text)}
                            onCancel={() => setEditing(null)}
                          />
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {paged && (
        <nav class="dashbase-pager" aria-label="Table pages">
          <button type="button" class="dashbase-button is-secondary" disabled={currentPage <= 0} onClick={() => goToPage(currentPage - 1)}>
            Previous
          </button>
          <span class="dashbase-pager-status" aria-live="polite">
            Page {Math.min(currentPage + 1, pages)} of {pages} · {rowCount(total)}
          </span>
          <button
            type="button"
            class="dashbase-button is-secondary"
            disabled={currentPage >= pages - 1}
            onClick={() => goToPage(currentPage + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
