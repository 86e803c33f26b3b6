/**
 * @module
 * Reads the values a browser sends to a callback (its Inputs and States) as the type the
 * callback expects. The renderer sends what the components hold, but a crafted request can put
 * any JSON in their place: an array where a name is expected would otherwise fail deep inside a
 * handler as a 500. Each reader answers the value, or null when the value is absent (a component
 * not set yet sends null or nothing), and refuses anything else as a 400
 * `DASHBASE_E_BAD_REQUEST` that names the field and what was expected.
 */
import { DashbaseError } from "dashbase";

/** "an array of 2 items", "the number 42", "an object": what the request held instead. */
function describeFound(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `the value ${value}`;
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

function refuse(field: string, expected: string, value: unknown): never {
  throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `${field}: expected ${expected}, found ${describeFound(value)}`, {
    details: { field, expected },
  });
}

const absent = (value: unknown): value is null | undefined => value === null || value === undefined;
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Text, or null when absent.
 * @example
 * const name = readText(nameValue, "upload-name.value") ?? "";
 */
export function readText(value: unknown, field: string): string | null {
  if (absent(value)) return null;
  if (typeof value !== "string") refuse(field, "text or nothing", value);
  return value;
}

/**
 * A finite number (a slider's bound), or null when absent.
 * @example
 * const min = readNumber(minValue, "years.min");
 */
export function readNumber(value: unknown, field: string): number | null {
  if (absent(value)) return null;
  if (!isNumber(value)) refuse(field, "a number or nothing", value);
  return value;
}

/**
 * A whole number (a click count, a row id), or null when absent.
 * @example
 * const id = readInteger(idValue, "my-saves.value");
 */
export function readInteger(value: unknown, field: string): number | null {
  if (absent(value)) return null;
  if (!Number.isSafeInteger(value)) refuse(field, "a whole number or nothing", value);
  return value as number;
}

/**
 * A list of texts (a multi-select's value), or null when absent.
 * @example
 * const entities = readTextList(entitiesValue, "entities.value") ?? [];
 */
export function readTextList(value: unknown, field: string): string[] | null {
  if (absent(value)) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) refuse(field, "a list of texts or nothing", value);
  return value as string[];
}

/**
 * A list of exactly `length` numbers (a range slider's value), or null when absent.
 * @example
 * const years = readNumberList(yearsValue, "years.value", 2);
 */
export function readNumberList(value: unknown, field: string, length: number): number[] | null {
  if (absent(value)) return null;
  if (!Array.isArray(value) || value.length !== length || !value.every(isNumber))
    refuse(field, `a list of ${length} numbers or nothing`, value);
  return value as number[];
}

/**
 * A plain object (a `dcc.Store`'s data), or null when absent; read its fields with the other readers.
 * @example
 * const linked = readRecord(data, "linked-view.data");
 * const indicator = readText(linked?.["indicator"], "linked-view.data.indicator");
 */
export function readRecord(value: unknown, field: string): Readonly<Record<string, unknown>> | null {
  if (absent(value)) return null;
  if (typeof value !== "object" || Array.isArray(value)) refuse(field, "an object or nothing", value);
  return value as Record<string, unknown>;
}
