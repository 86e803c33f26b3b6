/**
 * @module
 * The DataTable pager's row count, singular for one row: "1 row", "45 rows".
 */

/**
 * @example
 * rowCount(1) // "1 row"
 * rowCount(0) // "0 rows"
 */
export function rowCount(total: number): string {
  return `${total} ${total === 1 ? "row" : "rows"}`;
}
