/**
 * @module
 * A handle's guards (closed, the outer handle used inside a transaction callback), run on demand:
 * code that queues a statement to send later, with other callers' (db/insert-lane.ts), runs them
 * first in the caller's own context, where the statement would have run them.
 */
import type { Queryable } from "./database.js";

/** The key a handle built by `createDatabase` keeps its guard under. */
export const handleGuardKey: unique symbol = Symbol.for("dashbase.handleGuard");

/**
 * Throws what a statement on `db` would throw now (DASHBASE_E_DB_CLOSED, DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION);
 * nothing for a `Queryable` dashbase did not open.
 * @example
 * checkHandle(db); // before queueing a row for a statement sent later
 */
export function checkHandle(db: Queryable): void {
  (db as { [handleGuardKey]?: () => void })[handleGuardKey]?.();
}
