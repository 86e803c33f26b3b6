/**
 * @module
 * DataTable's client-side work over in-memory rows: filtering in the filter language the server
 * compiles to SQL (protocol/filter-expression.ts: `>= 10`, `contains x`, `a AND b`, `a OR b`),
 * sorting by several columns (numbers as numbers, text by locale), paging and CSV. Pure functions.
 */
import { parseFilterExpression, type FilterExpression } from "../protocol/filter-expression.js";

/** A row: column id -> value. */
export type Row = Readonly<Record<string, unknown>>;

/** One sort key. */
export interface SortKey {
  readonly column: string;
  readonly direction: "asc" | "desc";
}

/** A parsed filter text. */
export type FilterTest =
  | { readonly kind: "compare"; readonly op: "<" | "<=" | ">" | ">=" | "=" | "!="; readonly operand: string }
  | { readonly kind: "contains"; readonly text: string };

/** Reads one column's filter text: a leading comparison operator, else "contains". */
export function parseFilter(text: string): FilterTest {
  const match = /^\s*(<=|>=|!=|<|>|=)\s*(.*)$/.exec(text);
  if (match !== null && match[2] !== undefined && match[2].trim() !== "") {
    return { kind: "compare", op: match[1] as "<" | "<=" | ">" | ">=" | "=" | "!=", operand: match[2].trim() };
  }
  return { kind: "contains", text: text.trim().toLowerCase() };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1; // empty cells last, whatever the direction
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const na = Number(a);
  const nb = Number(b);
  if (
    typeof a !== "boolean" &&
    typeof b !== "boolean" &&
    Number.isFinite(na) &&
    Number.isFinite(nb) &&
    String(a).trim() !== "" &&
    String(b).trim() !== ""
  )
    return na - nb;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

function passes(value: unknown, test: FilterTest): boolean {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (test.kind === "contains") return test.text === "" || text.toLowerCase().includes(test.text);
  const order = compare(value, test.operand);
  const numeric = Number.isFinite(Number(test.operand)) && Number.isFinite(Number(value));
  const equal = numeric ? Number(value) === Number(test.operand) : text.toLowerCase() === test.operand.toLowerCase();
  switch (test.op) {
    case "=":
      return equal;
    case "!=":
      return !equal;
    case "<":
      return order < 0 && !equal && value !== null && value !== undefined;
    case "<=":
      return (order <= 0 || equal) && value !== null && value !== undefined;
    case ">":
      return order > 0 && !equal && value !== null && value !== undefined && value !== "";
    case ">=":
      return (order >= 0 || equal) && value !== null && value !== undefined && value !== "";
  }
}

function expressionOf(text: string): FilterExpression {
  const parsed = parseFilterExpression(text);
  // In the browser a filter still being typed (`> `, an open quote) searches for the text as typed.
  return parsed.ok ? parsed.expression : { any: [[{ kind: "contains", text, bare: true }]] };
}

function matches(value: unknown, expression: FilterExpression): boolean {
  return expression.any.some((group) =>
    group.every((term) => passes(value, term.kind === "compare" ? term : { kind: "contains", text: term.text.trim().toLowerCase() })),
  );
}

/**
 * Whether one value passes a filter text, as the filter boxes test it (an empty text passes).
 * @example
 * valueMatches(4, ">= 4 AND < 5"); // true
 */
export function valueMatches(value: unknown, text: string): boolean {
  return text.trim() === "" || matches(value, expressionOf(text));
}

/**
 * The rows that pass every column's filter (AND across columns; AND/OR within one).
 *
 * @example
 * filterRows(rows, { name: "fr OR de", population: ">= 1000000 AND < 5000000" });
 */
export function filterRows<R extends Row>(rows: readonly R[], filters: Readonly<Record<string, string>>): R[] {
  const tests = Object.entries(filters)
    .filter(([, text]) => text.trim() !== "")
    .map(([column, text]) => [column, expressionOf(text)] as const);
  if (tests.length === 0) return [...rows];
  return rows.filter((row) => tests.every(([column, expression]) => matches(row[column], expression)));
}

/** The rows sorted by the keys in order (a stable sort: ties keep their order). */
export function sortRows<R extends Row>(rows: readonly R[], sortBy: readonly SortKey[]): R[] {
  if (sortBy.length === 0) return [...rows];
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      for (const key of sortBy) {
        const left = a.row[key.column];
        const right = b.row[key.column];
        const emptyLeft = left === null || left === undefined || left === "";
        const emptyRight = right === null || right === undefined || right === "";
        if (emptyLeft !== emptyRight) return emptyLeft ? 1 : -1;
        const order = compare(left, right);
        if (order !== 0) return key.direction === "asc" ? order : -order;
      }
      return a.index - b.index;
    })
    .map(({ row }) => row);
}

/** How many pages `total` rows make (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** One page of rows; `page` counts from 0 and is clamped to the pages there are. */
export function pageRows<R extends Row>(rows: readonly R[], page: number, pageSize: number): { rows: R[]; page: number } {
  const size = Math.max(1, pageSize);
  const last = pageCount(rows.length, size) - 1;
  const current = Math.min(Math.max(0, Math.floor(page)), last);
  return { rows: rows.slice(current * size, current * size + size), page: current };
}

/**
 * The next sort state when a column header is activated: none -> ascending -> descending -> none.
 * Without `add` the column becomes the only key; with it (shift-click) the other keys stay and
 * the column is appended, turned or removed in place.
 *
 * @example
 * nextSort([{ column: "year", direction: "asc" }], "name", true); // year asc, then name asc
 */
export function nextSort(current: readonly SortKey[], column: string, add = false): SortKey[] {
  const existing = current.find((key) => key.column === column);
  if (!add) {
    if (existing === undefined || current.length > 1) return [{ column, direction: "asc" }];
    if (existing.direction === "asc") return [{ column, direction: "desc" }];
    return [];
  }
  if (existing === undefined) return [...current, { column, direction: "asc" }];
  if (existing.direction === "asc") return current.map((key) => (key.column === column ? { column, direction: "desc" } : key));
  return current.filter((key) => key.column !== column);
}

/** What a query-bound table's page depends on; the table fetches again whenever this changes. */
export interface TableRequestState {
  readonly page: number;
  readonly pageSize: number;
  readonly sortBy: readonly SortKey[];
  readonly filter: Readonly<Record<string, string>>;
  /** The `data_version` prop: a callback changes it after writing to the table. */
  readonly dataVersion: unknown;
}

/**
 * A text that changes exactly when a query-bound table must fetch its page again: a new page,
 * page size, sort, filter or `data_version`.
 *
 * @example
 * tableRequestKey({ page: 0, pageSize: 10, sortBy: [], filter: {}, dataVersion: 3 });
 */
export function tableRequestKey(state: TableRequestState): string {
  const filter = Object.entries(state.filter).filter(([, text]) => text.trim() !== "");
  return JSON.stringify([state.page, state.pageSize, state.sortBy, filter, state.dataVersion ?? null]);
}

/**
 * After a fetch that found no rows on page `page` although the table has `total`: the last page
 * that still has rows (rows were deleted since), or undefined when the answer stands.
 *
 * @example
 * pageAfterShrink({ page: 4, pageSize: 10, total: 38, rowsOnPage: 0 }); // 3
 */
export function pageAfterShrink(answer: { page: number; pageSize: number; total: number; rowsOnPage: number }): number | undefined {
  if (answer.rowsOnPage > 0 || answer.total <= 0 || answer.page <= 0) return undefined;
  const last = pageCount(answer.total, answer.pageSize) - 1;
  return last < answer.page ? last : undefined;
}

/** A column kind, as DataTable's columns declare it. */
export type EditKind = "text" | "numeric" | "datetime" | "boolean";

/**
 * The value an edited cell's text stands for: a number for a numeric column (empty: null), true or
 * false for a boolean one (`true`/`yes`, `false`/`no`), else the text. Text that does not read as
 * its column's kind stays text, so the model (or `localEditProblem`) names it.
 * @example
 * editedValue("12", "numeric"); // 12
 * editedValue("abc", "numeric"); // "abc"
 */
export function editedValue(text: string, kind: EditKind): string | number | boolean | null {
  const trimmed = text.trim();
  if (kind === "numeric") {
    if (trimmed === "") return null;
    return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(trimmed) ? Number(trimmed) : text;
  }
  if (kind === "boolean") {
    if (/^(true|yes)$/i.test(trimmed)) return true;
    if (/^(false|no)$/i.test(trimmed)) return false;
  }
  return text;
}

/**
 * Why an edit of a table over `data` is refused, or undefined: a numeric column takes a number
 * (or nothing), a boolean one true/false/yes/no. (A table bound to a query asks the model instead.)
 * @example
 * localEditProblem("abc", "numeric"); // 'expected a number, found "abc"'
 */
export function localEditProblem(value: unknown, kind: EditKind): string | undefined {
  if (kind === "numeric" && typeof value === "string") return `expected a number, found ${JSON.stringify(value)}`;
  if (kind === "boolean" && typeof value === "string") return `expected true or false, found ${JSON.stringify(value)}`;
  return undefined;
}

/** The text an edit starts from: the cell's value as typed (empty for none). */
export function editText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
