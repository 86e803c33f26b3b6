/**
 * @module
 * Compiles a column's filter expression (protocol/filter-expression.ts) to a drizzle condition.
 * Every value the user typed becomes a parameter; the column comes from the declaration. A test
 * that cannot apply to the column (`> abc` on a number) is refused with a coded 400 naming it.
 */
import { and, eq, gt, gte, ilike, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { DataTableColumn } from "../layout/data-table.js";
import { parseFilterExpression, type FilterOperator, type FilterTerm } from "../protocol/filter-expression.js";

type ColumnKind = NonNullable<DataTableColumn["type"]>;

const comparisons = { ">=": gte, "<=": lte, "!=": ne, ">": gt, "<": lt, "=": eq } as const;

/** `%`, `_` and `\` match themselves: the user's text is searched for literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const numberPattern = /^-?\d+(\.\d+)?$/;
const booleanPattern = /^(true|false|yes|no)$/i;

function contains(column: PgColumn, text: string): SQL {
  return ilike(sql`cast(${column} as text)`, likePattern(text));
}

function compare(column: PgColumn, kind: ColumnKind, op: FilterOperator, operand: string): SQL | string {
  switch (kind) {
    case "numeric":
      return numberPattern.test(operand) ? comparisons[op](column, Number(operand)) : `expected a number after ${op}, found "${operand}"`;
    case "datetime":
      return Number.isNaN(Date.parse(operand))
        ? `expected a date such as 2024-01-31 after ${op}, found "${operand}"`
        : comparisons[op](column, new Date(operand));
    case "boolean":
      if ((op === "=" || op === "!=") && booleanPattern.test(operand)) return comparisons[op](column, /^(true|yes)$/i.test(operand));
      return `expected = or != with true, false, yes or no, found "${op} ${operand}"`;
    case "text":
      // Equality ignores case, as the substring search does; order comparisons use the database's collation.
      if (op === "=" || op === "!=") return comparisons[op](sql`lower(${column})`, operand.toLowerCase());
      return comparisons[op](column, operand);
  }
}

function termCondition(column: PgColumn, kind: ColumnKind, term: FilterTerm): SQL | string {
  if (term.kind === "compare") return compare(column, kind, term.op, term.operand);
  // Bare text that reads as a value of the column means equality: `3` on a number, `yes` on a boolean.
  if (term.bare && kind === "numeric" && numberPattern.test(term.text)) return eq(column, Number(term.text));
  if (term.bare && kind === "boolean" && booleanPattern.test(term.text)) return eq(column, /^(true|yes)$/i.test(term.text));
  return contains(column, term.text);
}

/**
 * The condition for one column's filter text, or undefined for an empty one.
 * @throws DashbaseError DASHBASE_E_TABLE_FILTER naming the table, the column and the problem.
 * @example
 * filterSql("notes", "stars", notes.stars, "numeric", "> 3 AND < 8 OR = 0");
 */
export function filterSql(table: string, name: string, column: PgColumn, kind: DataTableColumn["type"], text: string): SQL | undefined {
  const fail = (problem: string): DashbaseError =>
    new DashbaseError("DASHBASE_E_TABLE_FILTER", `DataTable "${table}": filter.${name}: ${problem}`, {
      details: { table, column: name },
    });
  const parsed = parseFilterExpression(text);
  if (!parsed.ok) throw fail(parsed.problem);
  const groups = parsed.expression.any.map((group) => {
    const conditions = group.map((term) => {
      const condition = termCondition(column, kind ?? "text", term);
      if (typeof condition === "string") throw fail(condition);
      return condition;
    });
    return conditions.length === 1 ? conditions[0]! : and(...conditions)!;
  });
  if (groups.length === 0) return undefined;
  return groups.length === 1 ? groups[0] : or(...groups);
}
