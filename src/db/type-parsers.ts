/**
 * @module
 * One set of result parsers for raw queries on both drivers, so `db.query()` returns the same
 * JavaScript values on PGlite and on a PostgreSQL server (their defaults differ for int8 and dates).
 */

/** Parsers keyed by PostgreSQL type OID, applied to the text form of a value. */
export const rawQueryParsers: Record<number, (value: string) => unknown> = {
  // int8 (count(*), bigserial): a number while exact, else a BigInt; node-postgres would give a string.
  20: (value) => {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  },
  // date: kept as 'YYYY-MM-DD'; a Date would shift by the process's time zone.
  1082: (value) => value,
  // timestamp without time zone: read as UTC, the same on every machine.
  1114: (value) => new Date(`${value.replace(" ", "T")}Z`),
  // timestamptz
  1184: (value) => new Date(value.replace(/([+-]\d\d)$/, "$1:00").replace(" ", "T")),
};
