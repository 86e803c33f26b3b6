/**
 * @module
 * The narrow contract each driver folder fulfils; `create-database.ts` builds the public handle on it.
 */
import type { DriverKind, Orm, PoolStats, QueryResult } from "./database.js";

/** One connection (or PGlite's one session) that statements run on, in order. */
export interface DriverConnection {
  /** `name` (already checked) asks for a named prepared statement where the driver has them. */
  query(text: string, params: readonly unknown[], name?: string): Promise<QueryResult<Record<string, unknown>>>;
  exec(script: string): Promise<void>;
  /** drizzle bound to this connection. */
  orm(): Orm;
}

export interface Driver {
  readonly kind: DriverKind;
  readonly location: string;
  /** drizzle over the whole driver (pool or instance). */
  readonly orm: Orm;
  query(text: string, params: readonly unknown[], name?: string): Promise<QueryResult<Record<string, unknown>>>;
  exec(script: string): Promise<void>;
  /** Runs `fn` holding one connection inside BEGIN ... COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (connection: DriverConnection) => Promise<T>): Promise<T>;
  poolStats(): PoolStats;
  close(): Promise<void>;
  /** Present when read replicas are configured (DATABASE_READ_URL): see `ReadDriver`. */
  readonly reads?: ReadDriver;
}

/**
 * Statements sent to a read replica fit for a reader whose last write ended at WAL position
 * `after` (undefined: none to wait for), or to the primary when none is.
 */
export interface ReadDriver {
  query(
    text: string,
    params: readonly unknown[],
    name: string | undefined,
    after: bigint | undefined,
  ): Promise<QueryResult<Record<string, unknown>>>;
  exec(script: string, after: bigint | undefined): Promise<void>;
  orm(after: bigint | undefined): Orm;
  /** The primary's WAL position now (`pg_current_wal_lsn()`), as its text. */
  writePosition(): Promise<string>;
  /** Replica connections open right now. */
  connections(): number;
}
