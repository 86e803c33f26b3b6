/**
 * @module
 * `DataTable`: sorting, filtering and paging, either in the browser over `data`, or on the server
 * over a drizzle table (`query`), where the server pages, sorts and filters with parameters only.
 * The query binding rides on the node under a symbol, so the node's JSON stays plain data.
 */
import { getTableColumns, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  dataTable,
  type DataTableColumn,
  type DataTableNode,
  type DataTableProps,
  type SortSpec,
} from "../components/data-table/data-table.js";
import { withDefinition } from "./component-factory.js";
import { createNode, type ComponentNode } from "./component-node.js";

export type { DataTableColumn, DataTableNode, DataTableProps, SortSpec } from "../components/data-table/data-table.js";

/** What the table endpoint needs to know about the session, for `where`. */
export interface TableSession {
  readonly id: string;
  readonly owner: string;
  readonly userId: string | null;
}

type ColumnKey<T extends PgTable> = Extract<keyof T["_"]["columns"], string>;

/** Binds a DataTable to a drizzle table; the server runs the paging, sorting and filtering. */
export interface TableQuery<T extends PgTable = PgTable> {
  table: T;
  /** Which columns to show, by the key you gave them in the model (default: all). */
  columns?: readonly (ColumnKey<T> | { id: ColumnKey<T>; name: string })[];
  /** Rows this session may see, e.g. `(session) => eq(notes.owner, session.owner)`. Combined with filters by AND. */
  where?: (session: TableSession) => SQL | undefined;
  /** Rows per page (default 20, at most 500). */
  pageSize?: number;
  /** Order when the user has not sorted (default: none, then the table's order). */
  defaultSort?: readonly SortSpec[];
}

/** The server-side half of a query-bound DataTable, kept off the wire. */
export interface TableBinding {
  readonly id: string;
  readonly table: PgTable;
  /** Model key -> column header, in display order. */
  readonly columns: readonly DataTableColumn[];
  readonly where: ((session: TableSession) => SQL | undefined) | undefined;
  readonly pageSize: number;
  readonly defaultSort: readonly SortSpec[];
}

const bindingKey = Symbol.for("dashbase.table-binding");
export const maxTablePageSize = 500;

function columnKind(dataType: string): DataTableColumn["type"] {
  if (dataType === "number" || dataType === "bigint") return "numeric";
  if (dataType === "date") return "datetime";
  if (dataType === "boolean") return "boolean";
  return "text";
}

function bindingFor<T extends PgTable>(id: string | undefined, query: TableQuery<T>): TableBinding {
  if (typeof id !== "string" || id === "") {
    throw new TypeError(
      "DataTable({ query }): expected a string id (the table endpoint is /_dashbase/table/<id>), found " + JSON.stringify(id),
    );
  }
  const available = getTableColumns(query.table);
  const wanted = query.columns ?? Object.keys(available);
  const columns = wanted.map((entry): DataTableColumn => {
    const key = typeof entry === "string" ? entry : entry.id;
    const column = available[key];
    if (column === undefined) {
      throw new TypeError(`DataTable "${id}": column "${key}" is not in the table; expected one of ${Object.keys(available).join(", ")}`);
    }
    return { id: key, name: typeof entry === "string" ? key : entry.name, type: columnKind(column.dataType) };
  });
  const pageSize = query.pageSize ?? 20;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxTablePageSize) {
    throw new TypeError(`DataTable "${id}": pageSize must be a whole number from 1 to ${maxTablePageSize}, found ${pageSize}`);
  }
  return Object.freeze({ id, table: query.table, columns, where: query.where, pageSize, defaultSort: query.defaultSort ?? [] });
}

/**
 * A table of rows: client-side over `data`, or bound to a database table with `query`.
 * @example
 * DataTable({ id: "countries", data: [{ code: "fr", name: "France" }], columns: [{ id: "name", name: "Country" }] });
 * DataTable({ id: "notes", query: { table: models.notes, columns: ["title", "stars"], pageSize: 25 } });
 */
export const DataTable = withDefinition(dataTable, function DataTable<
  T extends PgTable,
>(props: DataTableProps & { query?: TableQuery<T> }): DataTableNode {
  const { query, ...rest } = props;
  if (query === undefined) {
    const columns = rest.columns ?? (rest.data?.[0] ? Object.keys(rest.data[0]).map((id) => ({ id, name: id })) : undefined);
    return createNode("DataTable", { sort_action: "native" as const, filter_action: "native" as const, page_size: 20, ...rest, columns });
  }
  const binding = bindingFor(rest.id, query);
  const node = createNode("DataTable", {
    sort_action: "native" as const,
    filter_action: "native" as const,
    ...rest,
    columns: binding.columns,
    page_size: binding.pageSize,
    server_side: true,
  });
  return attachTableBinding({ type: node.type, props: node.props }, binding);
});

/** Freezes `node` with `binding` under a symbol that JSON never sees. */
export function attachTableBinding<N extends ComponentNode>(node: N, binding: TableBinding): N {
  Object.defineProperty(node, bindingKey, { value: binding, enumerable: false });
  return Object.freeze(node);
}

/** The query binding a DataTable node carries, if it has one. */
export function tableBindingOf(node: ComponentNode): TableBinding | undefined {
  return (node as unknown as { [bindingKey]?: TableBinding })[bindingKey];
}
