/**
 * @module
 * What a failed write says about each field, for showing next to the form's inputs: the fields of
 * a validation error, and the columns a constraint violation names (unique, foreign key, not null).
 */
import { isDashbaseError } from "../errors/dashbase-error.js";
import type { FieldProblem } from "./model-validators.js";

/**
 * Messages by field (several for one field joined by "; "), or undefined when `error` is not about
 * fields, so the caller rethrows it.
 * @example
 * catch (error) {
 *   const problems = fieldMessages(error);
 *   if (problems === undefined) throw error;
 *   return [problems["email"] ?? "", "Nothing was saved."];
 * }
 */
export function fieldMessages(error: unknown): Readonly<Record<string, string>> | undefined {
  let problems: FieldProblem[];
  if (isDashbaseError(error, "DASHBASE_E_VALIDATION")) {
    problems = (error.details["fields"] ?? []) as FieldProblem[];
  } else if (
    isDashbaseError(error, "DASHBASE_E_UNIQUE_VIOLATION") ||
    isDashbaseError(error, "DASHBASE_E_FOREIGN_KEY_VIOLATION") ||
    isDashbaseError(error, "DASHBASE_E_NOT_NULL_VIOLATION")
  ) {
    // The database names the columns; its message says what is wrong with them.
    problems = ((error.details["columns"] ?? []) as string[]).map((field) => ({ field, message: error.message }));
  } else {
    return undefined;
  }
  const byField: Record<string, string> = {};
  for (const problem of problems)
    byField[problem.field] = byField[problem.field] === undefined ? problem.message : `${byField[problem.field]}; ${problem.message}`;
  return byField;
}
