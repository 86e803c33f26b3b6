/**
 * @module
 * The `Database` handle every part of dashbase stands on: one small interface over the
 * embedded PGlite driver and the node-postgres pool, so nothing above it knows which one runs.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQLWrapper } from "drizzle-orm";

/** drizzle's PostgreSQL query builder, the same type on both drivers. */
export type Orm = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted (or returned, for a SELECT). */
  rowCount: number;
}

export interface HealthReport {
  ok: boolean;
  driver: DriverKind;
  latencyMs: number;
  /**
   * Whether a small write succeeds (a rolled-back temporary table, tried at most every few
   * seconds): false on a full disk or a read-only database, and then `ok` is false too.
   */
  writable?: boolean;
  /** Present when `ok` is false; never contains a password. */
  error?: string;
}

export type DriverKind = "pglite" | "postgres";

/** Connections of the pool right now (PGlite is one session: always 1). */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

/** Options of one raw statement. */
export interface QueryOptions {
  /**
   * Sends the statement as a named prepared statement on a PostgreSQL server: each connection
   * parses and plans it once, later calls send only the parameters. Name only statements whose
   * text is a constant in your code; a name must always stand for the same text (refused with
   * DASHBASE_E_STATEMENT_NAME otherwise). List the columns rather than `select *`: a prepared
   * `select *` fails once a later ALTER TABLE changes the columns it returns. Names starting with
   * `dashbase_` are dashbase's own. PGlite ignores the name (it parses in-process). Behind a
   * pooler in transaction mode (`DASHBASE_DB_POOLER=transaction`) the name is dropped and the
   * statement sent unnamed.
   */
  name?: string;
}

/** What a database handle and a transaction share: typed queries and parameterized SQL. */
export interface Queryable {
  /** drizzle's query builder bound to this handle (or transaction). */
  readonly orm: Orm;
  select: Orm["select"];
  selectDistinct: Orm["selectDistinct"];
  insert: Orm["insert"];
  update: Orm["update"];
  delete: Orm["delete"];
  /** Runs a drizzle `sql` template; values are sent as parameters, never spliced. */
  execute<Row extends Record<string, unknown> = Record<string, unknown>>(query: SQLWrapper): Promise<QueryResult<Row>>;
  /**
   * Runs one parameterized statement (`$1`, `$2`, ...).
   * Transaction control (BEGIN, COMMIT, ...) is refused: use `transaction()`.
   * @example
   * const { rows } = await db.query<{ n: number }>("select count(*) as n from notes where stars > $1", [3]);
   * @example
   * // a fixed statement run often: prepared once per connection on PostgreSQL
   * await db.query("select title from notes where id = $1", [7], { name: "notes_title_by_id" });
   */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
  /**
   * Runs a script of several statements with no parameters (migrations, seeds).
   * Transaction control is refused here too.
   */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Inside a transaction this opens a savepoint. Use the `tx` it is given, never the outer handle.
   * @example
   * await db.transaction(async (tx) => { await tx.insert(notes).values({ title: "a" }); });
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

export interface Transaction extends Queryable {
  readonly depth: number;
}

export interface Database extends Queryable {
  readonly driver: DriverKind;
  /** Where it is: the data directory, "memory", or the server URL with the password masked. */
  readonly location: string;
  health(): Promise<HealthReport>;
  poolStats(): PoolStats;
  /** Closes connections (drains the pool) and releases the data-directory lock. Idempotent. */
  close(): Promise<void>;
  /**
   * The same database for reads that may go to a read replica (DATABASE_READ_URL): each statement
   * runs on a replica that is up, lags less than DASHBASE_DB_READ_MAX_LAG_MS and has replayed past
   * `after`, else on the primary. Transactions, and statements a replica refuses as writes, run on
   * the primary. Without replicas (and on the embedded database) this is the handle itself.
   * Layouts and declared tables are given such a handle; `close()` on it does nothing.
   * @example
   * const { rows } = await db.readOnly().query("select count(*)::int as n from notes");
   * @example
   * // reads that must see this session's write
   * const after = await db.writePosition();
   * await db.readOnly({ after }).query("select title from notes where id = $1", [id]);
   */
  readOnly(options?: ReadOptions): Database;
  /**
   * Where the primary's WAL stands now (`pg_current_wal_lsn()`), to pass as `readOnly({ after })`
   * after a write; undefined without read replicas, and then it costs nothing.
   */
  writePosition(): Promise<string | undefined>;
}

/** Options of `db.readOnly()`. */
export interface ReadOptions {
  /** A `writePosition()`: only a replica that has replayed past it may answer. */
  after?: string | undefined;
}
