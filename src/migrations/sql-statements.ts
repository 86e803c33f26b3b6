/**
 * @module
 * Splits a revision script into its statements, so the runner can say which one the database
 * rejected. Semicolons inside quotes, dollar quotes and comments do not split.
 */
import { sqlStatements } from "../db/sql-lexer.js";

/**
 * Returns the statements of `script` (each without its final semicolon), skipping empty and
 * comment-only pieces. Boundaries come from the SQL lexer the raw-SQL guard also uses.
 * @example
 * splitSqlStatements("create table a (x int);\n-- note\ninsert into a values (1);")
 * // ["create table a (x int)", "-- note\ninsert into a values (1)"]
 */
export function splitSqlStatements(script: string): string[] {
  return sqlStatements(script)
    .filter((span) => span.codeStart >= 0)
    .map((span) => script.slice(span.start, span.end).trim());
}
