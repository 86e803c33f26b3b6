/**
 * @module
 * insertRow's statement, built once per table and set of columns on each database handle
 * (db/built-queries.ts) and executed with the row's values as parameters, inserting what
 * drizzle's own insert would: columns left out get their `$defaultFn` (called per row) or the
 * database's default, a null is SQL NULL, each value goes through its column's encoder. A value
 * drizzle would splice as SQL (`sql\`now()\``) takes drizzle's ordinary path.
 */
import { DrizzleQueryError, getTableColumns, is, SQL, sql, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { builtQueriesOf, insertLanesKey, type BuiltQueries } from "../db/built-queries.js";
import type { Orm, Queryable } from "../db/database.js";
import { checkHandle } from "../db/handle-guard.js";
import { InsertLane } from "../db/insert-lane.js";

interface PreparedInsert {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/** Whether drizzle leaves the column out of an insert: a generated column (`generatedAlwaysAs`). */
function generatedAlways(column: Column): boolean {
  return column.generated !== undefined && column.generated.type !== "byDefault";
}

/** The columns an insert may set, per table. */
const insertableColumns = new WeakMap<PgTable, Array<[string, Column]>>();

function columnsOf(table: PgTable): Array<[string, Column]> {
  let columns = insertableColumns.get(table);
  if (columns === undefined) {
    columns = Object.entries(getTableColumns(table)).filter(([, column]) => !generatedAlways(column));
    insertableColumns.set(table, columns);
  }
  return columns;
}

/** What drizzle would send for a column left out: its $defaultFn's value (or $onUpdateFn's without a default). */
function generatedValue(column: Column): unknown {
  if (column.defaultFn !== undefined) return column.defaultFn();
  if (!column.default && column.onUpdateFn !== undefined) return column.onUpdateFn();
  return undefined;
}

/**
 * `row` with what drizzle would compute for the columns it leaves out: each `$defaultFn` is
 * called here, once, so the statement below and drizzle's ordinary path insert the same values.
 * @example
 * const filled = withGeneratedValues(notes, { title: "First" }); // { title: "First", tag: "generated" }
 */
export function withGeneratedValues(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | undefined;
  for (const [key, column] of columnsOf(table)) {
    if (row[key] !== undefined) continue;
    const value = generatedValue(column);
    if (value !== undefined) (filled ??= { ...row })[key] = value;
  }
  return filled ?? row;
}

/** Which columns a row sets and which it sets to null: its statement's text, and its key among the built ones. */
interface Shape {
  readonly key: string;
  /** The columns the row sets, in the table's order; a null one is written into the statement, not given as a placeholder. */
  readonly columns: ReadonlyArray<{ readonly key: string; readonly column: Column; readonly isNull: boolean }>;
}

/** The shape of `row`, or undefined when a value is SQL (`sql\`now()\``), which drizzle must splice itself. */
function shapeOf(table: PgTable, row: Record<string, unknown>): Shape | undefined {
  const columns: Array<{ key: string; column: Column; isNull: boolean }> = [];
  let key = "";
  for (const [name, column] of columnsOf(table)) {
    const value = row[name];
    if (value === undefined) continue;
    // Only an object can be SQL; drizzle's `is` walks the prototype chain, so plain values skip it.
    if (typeof value === "object" && value !== null && (is(value, SQL) || is(value, SQL.Aliased))) return undefined;
    columns.push({ key: name, column, isNull: value === null });
    key += value === null ? `${name}:null,` : `${name},`;
  }
  return { key, columns };
}

/**
 * The INSERT ... RETURNING of `count` rows of `shape`, with a placeholder `<row>:<column>` for
 * each non-null value. No name: the text is built once here but not prepared on the server, which
 * a transaction-mode pooler in front of PostgreSQL would not allow (a test checks).
 */
function buildInsert(orm: Orm, table: PgTable, shape: Shape, count: number): PreparedInsert {
  const rows = Array.from({ length: count }, (_, index) =>
    Object.fromEntries(shape.columns.map(({ key, isNull }) => [key, isNull ? null : sql.placeholder(`${index}:${key}`)])),
  );
  return orm
    .insert(table)
    .values(rows as never)
    .returning()
    .prepare(undefined as unknown as string) as unknown as PreparedInsert;
}

/** The placeholders' values for `rows` of `shape`. */
function placeholderValues(shape: Shape, rows: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, index) => {
    for (const { key, isNull } of shape.columns) if (!isNull) values[`${index}:${key}`] = row[key];
  });
  return values;
}

/** PostgreSQL's limit on one statement's parameters. */
const maxParameters = 65_535;
/** The most rows one batched statement carries: past a few dozen, a longer statement saves little. */
const maxBatchRows = 32;
/** How many shapes of one table are batched; inserts of further shapes go alone. */
const maxLanesPerTable = 64;

type Lane = InsertLane<Record<string, unknown>, unknown>;

/** A table's lanes on one database handle (never a transaction), by shape, and whether its rows must go alone. */
interface TableLanes {
  readonly lanes: Map<string, Lane>;
  readonly flags: { alone: boolean };
}

/**
 * Sends `rows` of `shape` as one statement. The error of a statement of several rows is its
 * driver's, without drizzle's wrapper: that one's message lists every row's parameters, and each
 * caller (and the log line of its request) should see none of the others' values.
 */
async function sendRows(cache: BuiltQueries, lane: Lane, table: PgTable, shape: Shape, rows: ReadonlyArray<Record<string, unknown>>) {
  const insert = cache(lane, String(rows.length), (orm) => buildInsert(orm, table, shape, rows.length));
  try {
    return (await insert.execute(placeholderValues(shape, rows))) as unknown[];
  } catch (error) {
    throw rows.length > 1 && error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
  }
}

/** The lane for `shape` in `table` on `db`, or undefined when `db` is a transaction (its statements go on its own connection, in order). */
function laneOf(db: Queryable, cache: BuiltQueries, table: PgTable, shape: Shape): Lane | undefined {
  const tables = (db as { [insertLanesKey]?: WeakMap<PgTable, TableLanes> })[insertLanesKey];
  if (tables === undefined) return undefined;
  let ofTable = tables.get(table);
  if (ofTable === undefined) tables.set(table, (ofTable = { lanes: new Map(), flags: { alone: false } }));
  const { lanes, flags } = ofTable;
  let lane = lanes.get(shape.key);
  if (lane === undefined) {
    if (lanes.size >= maxLanesPerTable) return undefined;
    const parameters = Math.max(1, shape.columns.length);
    // Built per lane and row count: at most maxBatchRows texts per shape.
    const created: Lane = new InsertLane(
      (rows) => sendRows(cache, created, table, shape, rows),
      Math.min(maxBatchRows, Math.floor(maxParameters / parameters)),
      { table: flags },
    );
    lanes.set(shape.key, (lane = created));
  }
  return lane;
}

/**
 * Whether each of the row's values goes through its column's encoder: one that throws (a custom
 * type's `toDriver`, a BigInt in JSON) would fail the statement of every row sent with it, so
 * such a row goes alone and its caller gets the error, as without lanes.
 */
function encodes(shape: Shape, row: Record<string, unknown>): boolean {
  try {
    for (const { key, column, isNull } of shape.columns) if (!isNull) column.mapToDriverValue(row[key]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Inserts `row` (after withGeneratedValues) into `table` with a statement built once for this
 * handle and these columns, returning the inserted rows as drizzle maps them; undefined when the
 * handle keeps no built queries or a value is SQL, for the caller to take drizzle's ordinary path.
 * On a database handle (not a transaction) concurrent inserts of the same columns go out together
 * (db/insert-lane.ts).
 * @example
 * const rows = (await insertPrepared(db, notes, row)) ?? (await db.insert(notes).values(row).returning());
 */
export async function insertPrepared(db: Queryable, table: PgTable, row: Record<string, unknown>): Promise<unknown[] | undefined> {
  const cache = builtQueriesOf(db);
  if (cache === undefined) return undefined;
  const shape = shapeOf(table, row);
  if (shape === undefined) return undefined;
  const lane = laneOf(db, cache, table, shape);
  if (lane !== undefined && encodes(shape, row)) {
    // The handle's guards (closed, outer handle inside a transaction) answer this caller, in its
    // own context, before its row waits for a statement sent from another's.
    checkHandle(db);
    return [await lane.insert(row)];
  }
  const single = cache(table, shape.key, (orm) => buildInsert(orm, table, shape, 1));
  return (await single.execute(placeholderValues(shape, [row]))) as unknown[];
}
