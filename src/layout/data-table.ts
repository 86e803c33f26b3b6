/**
 * @module
 * `DataTable`'s factory: a table in the browser over `data`, or the server-side pages of a table
 * declared with `app.table(id, ...)` (`DataTable({ table: ref })`), where the server pages, sorts
 * and filters with parameters only. The node holds only plain data: the query itself lives in
 * the app's declaration. Props and definition: src/components/data-table/data-table.ts.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { dataTable, type DataTableColumn, type DataTableNode, type DataTableProps } from "../components/data-table/data-table.js";
import { isSafeClassName, styleProblems, styleTones } from "../components/data-table/style-rules.js";
import { withDefinition } from "./component-factory.js";
import { createNode } from "./component-node.js";

export {
  dataTable,
  type DataTableActiveCell,
  type DataTableColumn,
  type DataTableNode,
  type DataTableProps,
  type DataTableStyleCondition,
  type SortSpec,
} from "../components/data-table/data-table.js";

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

/** Checks `style_data_conditional`, so a rule that would be dropped in the browser fails where it is written. */
function checkStyleRules(id: unknown, rules: unknown): void {
  if (rules === undefined) return;
  const fail = (index: number | undefined, problem: string): never => {
    throw new DashbaseError(
      "DASHBASE_E_APP_INVALID",
      `DataTable(${JSON.stringify(id) ?? ""}).style_data_conditional${index === undefined ? "" : `[${index}]`}: ${problem}`,
    );
  };
  if (!Array.isArray(rules)) fail(undefined, "expected an array of { if, style, className, tone }");
  (rules as unknown[]).forEach((rule, index) => {
    if (typeof rule !== "object" || rule === null) return fail(index, "expected { if, style, className, tone }");
    const { if: when, style, className, tone } = rule as Record<string, unknown>;
    if (style !== undefined) {
      const problems = styleProblems(style);
      if (problems.length > 0) fail(index, `style.${problems.join("; ")}`);
    }
    if (className !== undefined && !isSafeClassName(className))
      fail(index, `className: expected class names of letters, digits, "-" and "_", found ${JSON.stringify(className)}`);
    if (tone !== undefined && !(styleTones as readonly unknown[]).includes(tone))
      fail(index, `tone: expected one of ${styleTones.join(", ")}, found ${JSON.stringify(tone)}`);
    if (when === undefined) return undefined;
    if (typeof when !== "object" || when === null) return fail(index, "if: expected { column_id, filter, row_index, state }");
    const { row_index: rowIndex, state, filter } = when as Record<string, unknown>;
    if (rowIndex !== undefined && rowIndex !== "odd" && rowIndex !== "even" && !(Number.isInteger(rowIndex) && (rowIndex as number) >= 0))
      fail(index, `if.row_index: expected a position from 0, "odd" or "even", found ${JSON.stringify(rowIndex)}`);
    if (state !== undefined && state !== "active" && state !== "selected")
      fail(index, `if.state: expected "active" or "selected", found ${JSON.stringify(state)}`);
    if (filter !== undefined && (typeof filter !== "object" || filter === null || Array.isArray(filter)))
      fail(index, 'if.filter: expected { <column id>: "<filter expression>" }, e.g. { stars: ">= 4" }');
    return undefined;
  });
}

/**
 * A table of rows: client-side over `data`, or the server-side pages of a table declared on the app.
 * @example
 * DataTable({ id: "countries", data: [{ code: "fr", name: "France" }], columns: [{ id: "name", name: "Country" }] });
 * const notesTable = app.table("notes", { from: models.notes, columns: ["title", "stars"], pageSize: 25 });
 * DataTable({ table: notesTable });
 */
export const DataTable = withDefinition(dataTable, function DataTable(props: DataTableProps & { table?: TableRef }): DataTableNode {
  const { table, ...rest } = props;
  checkStyleRules(rest.id ?? table?.id, rest.style_data_conditional);
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
    throw new DashbaseError(
      "DASHBASE_E_APP_INVALID",
      `DataTable({ table }): expected what app.table(id, ...) returns, found ${JSON.stringify(table)?.slice(0, 80) ?? typeof table}`,
    );
  }
  if (rest.id !== undefined && rest.id !== table.id) {
    throw new DashbaseError(
      "DASHBASE_E_APP_INVALID",
      `DataTable({ id: "${rest.id}", table }): a declared table's DataTable takes the table's id "${table.id}"; leave id out`,
    );
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
});
