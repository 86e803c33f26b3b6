/**
 * @module
 * Reads an uploaded CSV of one indicator (columns entity, year, value) and checks every row,
 * collecting each bad row's number and reason instead of stopping at the first. Rows are
 * numbered as a spreadsheet shows them: the header is row 1.
 */
import { parse } from "csv-parse/sync";
import { firstLoneSurrogate, fitsLength, graphemeLength, graphemeSlice, invalidUnicodeMessage } from "./user-text.js";

/** One observation from the file. */
export interface CsvObservation {
  entity: string;
  year: number;
  value: number;
}

/** Why a file or one of its rows was refused. `row` is null for problems with the whole file. */
export interface CsvProblem {
  row: number | null;
  /** The column (or `header`) the problem is in, when it is in one. */
  field?: string;
  message: string;
}

export interface CsvLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most data rows accepted (the header not counted). */
  maxRows: number;
}

export const defaultCsvLimits: CsvLimits = { maxBytes: 2 * 1024 * 1024, maxRows: 50_000 };

export type ParsedCsv = { ok: true; rows: CsvObservation[] } | { ok: false; problems: CsvProblem[] };

const columns = ["entity", "year", "value"] as const;
const maxEntityLength = 200;
const minYear = -9999;
const maxYear = 9999;
const integerText = /^[+-]?\d+$/;
const numberText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `row 4: year: expected an integer, found "20x1"` (or the message alone for the whole file).
 * @example
 * parsed.ok || parsed.problems.map(describeProblem);
 */
export function describeProblem(problem: CsvProblem): string {
  const where = [problem.row === null ? "" : `row ${problem.row}`, problem.field ?? ""].filter(Boolean).join(": ");
  return where === "" ? problem.message : `${where}: ${problem.message}`;
}

function found(text: string | undefined): string {
  // Shortened by characters as a reader sees them, so no emoji is cut into a lone surrogate.
  return text === undefined || text === "" ? "nothing" : JSON.stringify(fitsLength(text, 40) ? text : `${graphemeSlice(text, 37)}...`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Maps each expected column to its position, or reports what is wrong with the header. */
function readHeader(header: string[]): { positions: Record<(typeof columns)[number], number> } | { problems: CsvProblem[] } {
  const names = header.map((name) => name.trim().toLowerCase());
  const problems: CsvProblem[] = [];
  const missing = columns.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(columns as readonly string[]).includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  const expected = `expected the columns ${columns.join(", ")}`;
  if (missing.length > 0)
    problems.push({
      row: 1,
      field: "header",
      message: `${expected}; missing ${missing.map((name) => `"${name}"`).join(", ")} (found ${names.map((name) => `"${name}"`).join(", ")})`,
    });
  if (unknown.length > 0)
    problems.push({ row: 1, field: "header", message: `${expected}; unknown column ${unknown.map((name) => `"${name}"`).join(", ")}` });
  if (repeated.length > 0)
    problems.push({
      row: 1,
      field: "header",
      message: `${expected}; column ${repeated.map((name) => `"${name}"`).join(", ")} appears twice`,
    });
  if (problems.length > 0) return { problems };
  return { positions: { entity: names.indexOf("entity"), year: names.indexOf("year"), value: names.indexOf("value") } };
}

function checkRow(
  row: number,
  fields: string[],
  positions: Record<(typeof columns)[number], number>,
  problems: CsvProblem[],
): CsvObservation | undefined {
  if (fields.length !== columns.length) {
    problems.push({ row, message: `expected ${columns.length} fields (${columns.join(", ")}), found ${fields.length}` });
    return undefined;
  }
  const before = problems.length;
  const entity = fields[positions.entity] ?? "";
  const yearText = fields[positions.year] ?? "";
  const valueText = fields[positions.value] ?? "";
  if (entity === "") problems.push({ row, field: "entity", message: "expected a name, found nothing" });
  else if (!fitsLength(entity, maxEntityLength))
    problems.push({ row, field: "entity", message: `expected at most ${maxEntityLength} characters, found ${graphemeLength(entity)}` });
  const year = Number(yearText);
  if (!integerText.test(yearText)) problems.push({ row, field: "year", message: `expected an integer, found ${found(yearText)}` });
  else if (year < minYear || year > maxYear)
    problems.push({ row, field: "year", message: `expected a year from ${minYear} to ${maxYear}, found ${yearText}` });
  const value = Number(valueText);
  if (!numberText.test(valueText) || !Number.isFinite(value))
    problems.push({ row, field: "value", message: `expected a number, found ${found(valueText)}` });
  return problems.length === before ? { entity, year, value } : undefined;
}

/** The line a record starts on: csv-parse reports the line it ends on. */
function startLine(endLine: number, fields: string[]): number {
  return endLine - fields.reduce((count, field) => count + (field.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}

/**
 * Parses and checks a whole file. Any problem makes the result `ok: false` with every problem
 * found (bad rows, duplicates, a bad header, a file too large); otherwise all rows are returned.
 * @example
 * const parsed = parseIndicatorCsv("entity,year,value\nChile,2000,15.2\n");
 * // { ok: true, rows: [{ entity: "Chile", year: 2000, value: 15.2 }] }
 */
export function parseIndicatorCsv(text: string, limits: CsvLimits = defaultCsvLimits): ParsedCsv {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.maxBytes) {
    return {
      ok: false,
      problems: [
        {
          row: null,
          message: `the file is ${formatBytes(bytes)}; the limit is ${formatBytes(limits.maxBytes)}: split it into smaller files`,
        },
      ],
    };
  }
  // csv-parse reads the text as UTF-8 bytes, which would turn a lone surrogate into U+FFFD unseen.
  const lone = firstLoneSurrogate(text);
  if (lone >= 0) {
    const row = (text.slice(0, lone).match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
    return { ok: false, problems: [{ row, message: `${invalidUnicodeMessage}; nothing was read` }] };
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      to: limits.maxRows + 2,
    }) as unknown as typeof records;
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    return { ok: false, problems: [{ row: typeof lines === "number" ? lines : null, message: `not a readable CSV file: ${message}` }] };
  }
  const [head, ...body] = records;
  if (head === undefined)
    return { ok: false, problems: [{ row: null, message: "the file is empty; expected a header row (entity,year,value) and data rows" }] };
  if (body.length > limits.maxRows) {
    return {
      ok: false,
      problems: [
        {
          row: null,
          message: `the file has more than ${limits.maxRows.toLocaleString("en")} data rows; the limit is ${limits.maxRows.toLocaleString("en")}: split it into smaller files`,
        },
      ],
    };
  }
  const header = readHeader(head.record);
  if ("problems" in header) return { ok: false, problems: header.problems };
  if (body.length === 0) return { ok: false, problems: [{ row: null, message: "the file has a header but no data rows" }] };

  const problems: CsvProblem[] = [];
  const rows: CsvObservation[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const row = startLine(info.lines, record);
    const observation = checkRow(row, record, header.positions, problems);
    if (observation === undefined) continue;
    const key = JSON.stringify([observation.entity, observation.year]);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ row, message: `${found(observation.entity)} in ${observation.year} is already given on row ${first}` });
      continue;
    }
    seen.set(key, row);
    rows.push(observation);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/**
 * The text of an upload: `dcc.Upload` gives a data URL (`data:text/csv;base64,...`); plain text
 * is returned as it is.
 */
export function decodeUpload(contents: string): string {
  const match = /^data:[^,]*?(;base64)?,/.exec(contents);
  if (match === null) return contents;
  const payload = contents.slice(match[0].length);
  return match[1] ? Buffer.from(payload, "base64").toString("utf8") : decodeURIComponent(payload);
}
