/**
 * @module
 * What a visitor types in the value box, and what a stored value looks like on the page: text that
 * parses as JSON is stored as that JSON (a number, a list, an object, true, null), an ISO date
 * (`2024-01-31` or a full timestamp) as a `Date`, anything else as the plain string. The store's
 * codec keeps each of them as it is, so `Get` answers the same kind of value that `Store` was given.
 */

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The value a visitor meant by `text`.
 * @example
 * parseValue("[1, 2]"); // [1, 2]
 * parseValue("2024-01-31"); // a Date
 * parseValue("monkey"); // "monkey"
 */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (isoDate.test(trimmed)) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/**
 * A stored value as the page shows it: its kind, then its JSON (a Date as its ISO text).
 * @example
 * describeValue(new Date("2024-01-31")); // "a Date: 2024-01-31T00:00:00.000Z"
 */
export function describeValue(value: unknown): string {
  if (value instanceof Date) return `a Date: ${value.toISOString()}`;
  if (Array.isArray(value)) return `a list: ${JSON.stringify(value)}`;
  if (value === null) return "null";
  if (typeof value === "object") return `an object: ${JSON.stringify(value)}`;
  if (typeof value === "string") return `a string: ${JSON.stringify(value)}`;
  return `a ${typeof value}: ${JSON.stringify(value)}`;
}
