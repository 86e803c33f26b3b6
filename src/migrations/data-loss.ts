/**
 * @module
 * Spots the statements of a generated revision that may lose data (or fail on a table with
 * rows), so `db generate` can say so in its output and in a comment above the statement.
 */
import type { Snapshot } from "./schema-snapshot.js";

export interface AnnotatedScript {
  /** The statements joined into a script, risky ones preceded by a `-- dashbase: ...` comment. */
  sql: string;
  /** One line per risky statement, for the command's output. */
  warnings: string[];
}

/** Type changes that keep every value (old type -> new types). */
const widenings: Record<string, readonly string[]> = {
  smallint: ["integer", "bigint", "numeric", "real", "double precision", "text"],
  integer: ["bigint", "numeric", "double precision", "text"],
  serial: ["bigint", "bigserial", "integer"],
  real: ["double precision", "text"],
  varchar: ["text"],
  "character varying": ["text"],
  json: ["jsonb"],
  date: ["timestamp", "timestamp with time zone", "text"],
  timestamp: ["timestamp with time zone"],
  boolean: ["text"],
};

function baseType(type: string): string {
  return type
    .replace(/\(.*\)$/, "")
    .replace(/"/g, "")
    .replace(/^public\./, "")
    .trim()
    .toLowerCase();
}

function isWidening(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  const a = baseType(from);
  const b = baseType(to);
  if (a === b) {
    const lengthA = /\((\d+)/.exec(from)?.[1];
    const lengthB = /\((\d+)/.exec(to)?.[1];
    return lengthB === undefined || (lengthA !== undefined && Number(lengthB) >= Number(lengthA));
  }
  return widenings[a]?.includes(b) === true;
}

function columnType(snapshot: Snapshot, table: string, column: string): string | undefined {
  for (const entry of Object.values(snapshot.tables)) if (entry.name === table) return entry.columns[column]?.type;
  return undefined;
}

/** Why `statement` may lose data, or undefined when it is safe. `from` is the schema it starts from. */
export function dataLossOf(statement: string, from: Snapshot): string | undefined {
  const text = statement.replace(/\s+/g, " ").trim();
  let match = /^DROP TABLE (?:IF EXISTS )?("[^"]+"(?:\."[^"]+")?)/i.exec(text);
  if (match) return `drops table ${match[1]} and all its rows`;
  match = /^ALTER TABLE ("[^"]+"(?:\."[^"]+")?) DROP COLUMN (?:IF EXISTS )?"([^"]+)"/i.exec(text);
  if (match) return `drops column ${match[1]}."${match[2]}" and its values`;
  match = /^ALTER TABLE (?:"[^"]+"\.)?"([^"]+)" ALTER COLUMN "([^"]+)" SET DATA TYPE (.+?)(?: USING .*)?;?$/i.exec(text);
  if (match) {
    const [, table, column, type] = match as unknown as [string, string, string, string];
    const old = columnType(from, table, column);
    if (!isWidening(old, type))
      return `changes "${table}"."${column}" from ${old ?? "its type"} to ${type}: values that do not fit are cut or make the statement fail`;
    return undefined;
  }
  match = /^ALTER TABLE ("[^"]+"(?:\."[^"]+")?) ALTER COLUMN "([^"]+)" SET NOT NULL/i.exec(text);
  if (match) return `makes ${match[1]}."${match[2]}" NOT NULL: fails if a row holds NULL there (fill it first in this revision)`;
  match = /^ALTER TABLE ("[^"]+"(?:\."[^"]+")?) ADD COLUMN "([^"]+)" (.*)$/i.exec(text);
  if (match && /\bNOT NULL\b/i.test(match[3]!) && !/\bDEFAULT\b/i.test(match[3]!) && !/\bserial\b/i.test(match[3]!)) {
    return `adds ${match[1]}."${match[2]}" NOT NULL without a default: fails when the table has rows (add a default, or fill it in this revision)`;
  }
  match = /^DROP TYPE ("[^"]+"(?:\."[^"]+")?)/i.exec(text);
  if (match) return `drops type ${match[1]}: columns still using removed values make the revision fail`;
  return undefined;
}

/**
 * Joins statements into a revision script, marking the risky ones.
 * @example
 * annotateStatements(['ALTER TABLE "users" DROP COLUMN "age";'], previous).warnings
 * // ['drops column "users"."age" and its values']
 */
export function annotateStatements(statements: readonly string[], from: Snapshot): AnnotatedScript {
  const warnings: string[] = [];
  const parts = statements.map((statement) => {
    const body = statement.trim().endsWith(";") ? statement.trim() : `${statement.trim()};`;
    const risk = dataLossOf(body, from);
    if (risk === undefined) return body;
    warnings.push(risk);
    return `-- dashbase: MAY LOSE DATA: ${risk}\n${body}`;
  });
  return { sql: parts.length === 0 ? "" : `${parts.join("\n\n")}\n`, warnings };
}
