/**
 * @module
 * One CSV field, as both the server's streamed export and the browser's export of `data` write it:
 * quoted when it holds a comma, a quote or a line break, and formula-safe (text a spreadsheet
 * would run as a formula, starting with = + - @ or a tab or carriage return, gets a leading `'`).
 */

const formulaStart = /^[=+\-@\t\r]/;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string") return formulaStart.test(value) ? `'${value}` : value;
  return String(value);
}

/**
 * One CSV field.
 * @example
 * csvField('=HYPERLINK("x")'); // "\"'=HYPERLINK(\"\"x\"\")\""
 */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document (CRLF line ends) of a header and rows.
 * @example
 * csvText([{ id: "name", name: "Name" }], [{ name: "Ada" }]); // "Name\r\nAda\r\n"
 */
export function csvText(columns: readonly { id: string; name: string }[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const line = (cells: unknown[]): string => `${cells.map(csvField).join(",")}\r\n`;
  return [line(columns.map((column) => column.name)), ...rows.map((row) => line(columns.map((column) => row[column.id])))].join("");
}
