/**
 * @module
 * Insert and update validators derived from drizzle tables (drizzle-zod on zod 4), with errors
 * that list every bad field by the name the user wrote in the model.
 */
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { createInsertSchema, createUpdateSchema } from "drizzle-zod";
import type { z } from "zod";
import { DashbaseError } from "../errors/dashbase-error.js";

export interface FieldProblem {
  /** The property name as written in the model (`userName`), dotted for nested JSON paths. */
  field: string;
  message: string;
}

interface Validators {
  insert: z.ZodType;
  update: z.ZodType;
}

const cache = new WeakMap<Table, Validators>();

function validatorsFor(table: Table): Validators {
  let validators = cache.get(table);
  if (validators === undefined) {
    validators = {
      insert: createInsertSchema(table) as unknown as z.ZodType,
      update: createUpdateSchema(table) as unknown as z.ZodType,
    };
    cache.set(table, validators);
  }
  return validators;
}

/** A short, exact description of a found value for messages: `"abc"`, `12.5`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid date" : `the date ${value.toISOString()}`;
  return `a ${typeof value}`;
}

const expectedWords: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  date: "a date",
  bigint: "a bigint",
  object: "an object",
  array: "an array",
};

function problemOf(table: Table, issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const field = issue.path.map(String).join(".") || "(row)";
  const found = describeValue(
    issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], input),
  );
  switch (issue.code) {
    case "invalid_type": {
      const columnType = (getTableColumns(table) as Record<string, { columnType: string } | undefined>)[field]?.columnType ?? "";
      const integral = issue.expected === "number" && /Integer|Serial|SmallInt|BigInt53/.test(columnType);
      const expected = integral ? "an integer" : (expectedWords[issue.expected] ?? issue.expected);
      return { field, message: `expected ${expected}, found ${found}` };
    }
    case "too_big":
      return {
        field,
        message: `expected ${issue.origin === "string" ? `at most ${issue.maximum} characters` : `at most ${issue.maximum}`}, found ${found}`,
      };
    case "too_small":
      return {
        field,
        message: `expected ${issue.origin === "string" ? `at least ${issue.minimum} characters` : `at least ${issue.minimum}`}, found ${found}`,
      };
    case "invalid_value":
      return { field, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${found}` };
    case "unrecognized_keys":
      return { field: issue.keys.join(", "), message: "not a column of this model" };
    case "invalid_format":
      return { field, message: `expected ${issue.format}, found ${found}` };
    default:
      return { field, message: `${issue.message}, found ${found}` };
  }
}

function validate(table: Table, kind: "insert" | "update", values: unknown): Record<string, unknown> {
  const parsed = validatorsFor(table)[kind].safeParse(values);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => problemOf(table, issue, values));
  for (const field of unknownColumns(table, values)) problems.push({ field, message: "not a column of this model" });
  if (problems.length > 0 || !parsed.success) throw validationError(getTableName(table), problems);
  return parsed.data as Record<string, unknown>;
}

function unknownColumns(table: Table, values: unknown): string[] {
  if (typeof values !== "object" || values === null) return [];
  const columns = getTableColumns(table);
  return Object.keys(values).filter((key) => !(key in columns));
}

/** The coded error for a list of field problems: one line per field. */
export function validationError(model: string, problems: FieldProblem[]): DashbaseError {
  const lines = problems.map((problem) => `${problem.field}: ${problem.message}`);
  return new DashbaseError("DASHBASE_E_VALIDATION", `invalid ${model}: ${lines.join("; ")}`, {
    details: { model, fields: problems },
  });
}

/**
 * Checks a row for insertion into `table`; returns it parsed, or throws DASHBASE_E_VALIDATION
 * listing every bad field (`stars: expected an integer, found "abc"`).
 */
export function validateInsert<T extends Table>(table: T, values: unknown): T["$inferInsert"] {
  return validate(table, "insert", values) as T["$inferInsert"];
}

/** Checks a partial row for an update of `table`, like `validateInsert`. */
export function validateUpdate<T extends Table>(table: T, values: unknown): Partial<T["$inferInsert"]> {
  return validate(table, "update", values) as Partial<T["$inferInsert"]>;
}
