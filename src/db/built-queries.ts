/**
 * @module
 * drizzle queries built once per database handle and reused: building one (walking the table's
 * columns, assembling the SQL text, checking every chunk's kind) cost more per insert than
 * sending it (issue 15's profile: drizzle was 15% of the busy time of a save callback). A query
 * is built with placeholders, kept under its owner (a table) and a shape (which columns it sets),
 * and executed with each call's values. Kept per handle: a transaction's handle builds its own on
 * its own connection, and the handle's guards (closed, outer handle inside a transaction) run on
 * every use.
 */
import type { Orm, Queryable } from "./database.js";

/** The key a handle built by `createDatabase` keeps its built queries under. */
export const builtQueriesKey: unique symbol = Symbol.for("dashbase.builtQueries");

/** How many shapes one owner keeps; past that a query is built for each use, as without the cache. */
const maxShapesPerOwner = 64;

/** Returns the query built for `owner` and `shape`, building it with `build` the first time. */
export type BuiltQueries = <Q>(owner: object, shape: string, build: (orm: Orm) => Q) => Q;

/**
 * A cache of built queries for one handle; `guard` runs on every use.
 * @example
 * readonly [builtQueriesKey] = builtQueryCache(() => this.orm, () => this.guard());
 */
export function builtQueryCache(orm: () => Orm, guard: () => void): BuiltQueries {
  const byOwner = new WeakMap<object, Map<string, unknown>>();
  return <Q>(owner: object, shape: string, build: (orm: Orm) => Q): Q => {
    guard();
    let shapes = byOwner.get(owner);
    if (shapes === undefined) byOwner.set(owner, (shapes = new Map()));
    const known = shapes.get(shape);
    if (known !== undefined) return known as Q;
    const query = build(orm());
    if (shapes.size < maxShapesPerOwner) shapes.set(shape, query);
    return query;
  };
}

/**
 * The handle's built-query cache, or undefined for a `Queryable` that dashbase did not open
 * (callers then build the query each time).
 * @example
 * const insert = builtQueriesOf(db)?.(table, "name,stars", (orm) => orm.insert(table).values(...).prepare(undefined as never));
 */
export function builtQueriesOf(db: Queryable): BuiltQueries | undefined {
  return (db as unknown as { [builtQueriesKey]?: BuiltQueries })[builtQueriesKey];
}

/**
 * The key a database handle keeps insertRow's lanes under (models/prepared-insert.ts), by table:
 * only the handle itself has them, whose pool answers any caller; a transaction's statements go
 * on its own connection, in its own order, never with other callers' rows (insert-lane.ts).
 */
export const insertLanesKey: unique symbol = Symbol.for("dashbase.insertLanes");
