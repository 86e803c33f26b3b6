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
}
