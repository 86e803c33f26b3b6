/**
 * @module
 * What a table cell shows: text for text, JSON for objects, and for a datetime column a date and
 * time in the reader's own locale and time zone instead of the ISO string the server sends.
 */

/** How a column's values read; the server declares datetime columns of declared tables. */
export type CellKind = "text" | "numeric" | "datetime" | "boolean";

const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The text of one cell, and for a date the machine-readable form to keep beside it.
 * @example
 * cellText("2024-05-01T14:03:00.000Z", "datetime", new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }));
 * // { text: "1 May 2024, 14:03", dateTime: "2024-05-01T14:03:00.000Z" }
 */
export function cellText(value: unknown, kind: CellKind, dates: Intl.DateTimeFormat): { text: string; dateTime?: string } {
  if (value === null || value === undefined) return { text: "" };
  if (kind === "datetime" && typeof value === "string" && isoPattern.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) {
      // A date without a time is a calendar day: show it as that day, whatever the time zone.
      const dayOnly = value.length === 10;
      const text = dayOnly
        ? new Intl.DateTimeFormat(dates.resolvedOptions().locale, { dateStyle: "medium", timeZone: "UTC" }).format(time)
        : dates.format(time);
      return { text, dateTime: value };
    }
  }
  if (typeof value === "object") return { text: JSON.stringify(value) };
  return { text: String(value) };
}
