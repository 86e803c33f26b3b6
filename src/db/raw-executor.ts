/**
 * @module
 * dashbase's own way past the `Database` guards, for libraries it drives that send their own
 * SQL (pg-boss sends `BEGIN; ...; COMMIT;` scripts). Not exported publicly: app code keeps the
 * guarded `query`/`transaction`. Statements still go through the driver's queue (PGlite's one
 * session) or pool, so nothing slips into another caller's open transaction.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Database, QueryResult } from "./database.js";

/** The key a `Database` handle built by `createDatabase` keeps its raw executor under. */
export const rawExecutorKey: unique symbol = Symbol.for("dashbase.rawExecutor");

/** Runs SQL as given: one parameterized statement, or a parameterless script of several. */
export interface RawExecutor {
  executeSql(text: string, values?: readonly unknown[]): Promise<QueryResult<Record<string, unknown>>>;
}

/**
 * The raw executor of a handle `createDatabase` opened.
 * @throws DashbaseError DASHBASE_E_JOB_DATABASE when `db` is another implementation of the interface.
 * @example
 * const raw = rawExecutorOf(db);
 * await raw.executeSql("BEGIN; SELECT 1; COMMIT;");
 */
export function rawExecutorOf(db: Database): RawExecutor {
  const raw = (db as unknown as { [rawExecutorKey]?: RawExecutor })[rawExecutorKey];
  if (raw === undefined) {
    throw new DashbaseError(
      "DASHBASE_E_JOB_DATABASE",
      "durable jobs need a database handle opened by dashbase (createDatabase, or the app's own); found another implementation of Database",
    );
  }
  return raw;
}
