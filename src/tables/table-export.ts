/**
 * @module
 * CSV export of a declared table: the rows of the request's filter and sort (every page, within
 * the declaration's `where` for the request's context), read in batches and produced as text
 * chunks for the server to stream. Cells that a spreadsheet would run as a formula are prefixed
 * with a quote.
 */
import type { Queryable } from "../db/database.js";
import type { DeclaredTable, TableContext } from "./declared-table.js";
import { csvField } from "../protocol/csv-field.js";
import { tableSelection } from "./table-query.js";

const exportBatchSize = 1000;

const binaryAsBase64 = (value: unknown): unknown => (value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value);

/**
 * The CSV of a table request, as chunks (the header line, then one chunk per batch). The request
 * is checked before the first chunk, so a bad filter throws instead of starting a download.
 * @throws DashbaseError DASHBASE_E_TABLE_QUERY or DASHBASE_E_TABLE_FILTER naming the problem.
 * @example
 * for await (const chunk of exportTableCsv(db, declared, { filter: { stars: "> 3" } }, contextOf)) reply.raw.write(chunk);
 */
export function exportTableCsv(
  db: Queryable,
  declared: DeclaredTable,
  body: unknown,
  context: (path: string) => TableContext,
): AsyncGenerator<string> {
  const { where, order, fields } = tableSelection(declared, body, context, true);
  const columns = declared.ref.columns;
  return (async function* batches(): AsyncGenerator<string> {
    yield `${columns.map((column) => csvField(column.name ?? column.id)).join(",")}\r\n`;
    for (let offset = 0; ; offset += exportBatchSize) {
      const rows = (await db
        .select(fields)
        .from(declared.from)
        .where(where)
        .orderBy(...order)
        .limit(exportBatchSize)
        .offset(offset)) as Array<Record<string, unknown>>;
      if (rows.length > 0)
        yield rows.map((row) => `${columns.map((column) => csvField(binaryAsBase64(row[column.id]))).join(",")}\r\n`).join("");
      if (rows.length < exportBatchSize) return;
    }
  })();
}
