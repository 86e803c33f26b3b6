/**
 * @module
 * drizzle's statements on PGlite without PGlite's per-statement copy of its parser table. drizzle
 * asks, on every ORM statement, for the text of dates, timestamps, intervals and numeric arrays
 * (its columns parse those themselves), through a query's own `parsers` option; PGlite answers
 * that by merging the option into a copy of its whole table (300+ types once array types are
 * known) for each statement, about 0.3 ms, most of an embedded insert's cost (issue 15). The same
 * merged table is built once per PGlite client instead: statement-pipe.ts parses with it, and a
 * statement that goes through PGlite's query() has it put in place while it runs (PGlite reads
 * `client.parsers` when it parses the statement's rows; statements on an instance run one at a
 * time, pglite-instance.ts). drizzle-orm and PGlite are pinned exactly;
 * test/contract/embedded-orm-parsers.test.ts checks both halves of that.
 */
import type { PGlite, Results } from "@electric-sql/pglite";

type Parser = (value: string, typeId?: number) => unknown;
type ParserTable = Record<number, Parser>;

/**
 * The types drizzle-orm's PGlite driver reads as text: timestamp, timestamptz, interval, date,
 * and the arrays numeric[], timestamp[], timestamptz[], interval[] and date[].
 */
export const ormTextTypes: readonly number[] = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182];

const keepText: Parser = (value) => value;
const ormOverrides: ParserTable = Object.fromEntries(ormTextTypes.map((oid) => [oid, keepText]));
const ormTables = new WeakMap<PGlite, ParserTable>();
/**
 * `parsers` options already found to be drizzle's: each of drizzle's prepared statements keeps one
 * such object and passes it on every execution, so it is looked at once, not per statement.
 */
const ormRequests = new WeakSet<object>();

/** A `parsers` option asking what drizzle asks: its text types kept as text. */
export const ormTextRequest: Readonly<ParserTable> = ormOverrides;

/** True when `parsers` asks for exactly what drizzle asks for: these types kept as text. */
export function isOrmTextRequest(parsers: object): boolean {
  if (ormRequests.has(parsers)) return true;
  const oids = Object.keys(parsers);
  const matches = oids.length === ormTextTypes.length && ormTextTypes.every((oid) => oid in parsers);
  if (matches) ormRequests.add(parsers);
  return matches;
}

/**
 * The table a statement's rows are parsed with for a query's `parsers` option: the client's own
 * without one, the client's merged once with drizzle's for drizzle's, undefined for any other
 * (PGlite's query() merges those itself).
 */
export function parserTableFor(client: PGlite, asked: unknown): ParserTable | undefined {
  if (asked === undefined) return client.parsers;
  if (typeof asked !== "object" || asked === null || !isOrmTextRequest(asked)) return undefined;
  let merged = ormTables.get(client);
  if (merged === undefined) {
    merged = { ...client.parsers, ...ormOverrides };
    ormTables.set(client, merged);
  }
  return merged;
}

/**
 * Runs `client.query(text, params, options)`; drizzle's request to keep its types as text is met
 * with the table merged once per client rather than per statement. Call it only where no other
 * statement can run on `client` meanwhile.
 * @example
 * await ormQuery(client, "select now() as at", [], { rowMode: "array", parsers: drizzleParsers });
 */
export async function ormQuery<T>(
  client: PGlite,
  text: string,
  params?: unknown[],
  options?: Record<string, unknown>,
): Promise<Results<T>> {
  const asked = options?.["parsers"];
  const table = asked === undefined ? undefined : parserTableFor(client, asked);
  if (table === undefined) return client.query<T>(text, params, options);
  const { parsers: _asked, ...rest } = options!;
  const own = client.parsers;
  client.parsers = table;
  try {
    return await client.query<T>(text, params, rest);
  } finally {
    client.parsers = own;
  }
}
