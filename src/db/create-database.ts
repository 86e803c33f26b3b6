/**
 * @module
 * Builds the public `Database` handle on a driver: the same guards, transactions and error
 * translation on PGlite and on a PostgreSQL server.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SQLWrapper } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { loadSettings } from "../config/load-settings.js";
import type { DatabaseSettings } from "../config/settings.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Database, HealthReport, Orm, PoolStats, Queryable, QueryOptions, QueryResult, ReadOptions, Transaction } from "./database.js";
import { builtQueriesKey, insertLanesKey, builtQueryCache, type BuiltQueries } from "./built-queries.js";
import { handleGuardKey } from "./handle-guard.js";
import type { Driver, DriverConnection, ReadDriver } from "./driver.js";
import { parseLsn } from "./drivers/node-postgres/replica-router.js";
import { rawExecutorKey, type RawExecutor } from "./raw-executor.js";
import { TransactionControlGuard } from "./raw-sql-guard.js";
import { sqlStatements } from "./sql-lexer.js";
import { StatementNames } from "./statement-names.js";
import { translateDatabaseError } from "./translate-error.js";
import { WriteProbe } from "./write-probe.js";

export interface CreateDatabaseOptions {
  /** Where to connect; defaults to `loadSettings().database` (DATABASE_URL, PG*, or embedded). */
  settings?: DatabaseSettings;
  /** Embedded only: start a new data directory from this `dumpDataDir()` tarball instead of initdb. */
  template?: Blob;
  /** Server only: errors on idle pooled connections (server restarts) are passed here, never thrown. */
  onIdleError?: (error: Error) => void;
  /** Server only: one line when the driver chose something the operator should know (a pooler detected). */
  onNotice?: (message: string) => void;
  /** How often `health()` may try a small write to see that the database takes writes; default 5000 ms. */
  writeProbeIntervalMs?: number;
  /** Embedded only: how often an instance stopped by a full disk may try to reopen; default 2000 ms. */
  reopenIntervalMs?: number;
}

type Row = Record<string, unknown>;
const dialect = new PgDialect();
const builderMethods = ["select", "selectDistinct", "insert", "update", "delete"] as const;

/** Marks the async work running inside one transaction callback. */
interface TransactionScope {
  active: boolean;
}

/** The shared half of Database and Transaction: queries over one place to send them. */
abstract class QueryableBase implements Queryable {
  abstract readonly orm: Orm;
  declare select: Orm["select"];
  declare selectDistinct: Orm["selectDistinct"];
  declare insert: Orm["insert"];
  declare update: Orm["update"];
  declare delete: Orm["delete"];

  /** Shared by a database handle and its transactions. */
  protected abstract readonly statements: TransactionControlGuard;
  protected abstract readonly names: StatementNames;
  protected abstract send(text: string, params: readonly unknown[], name: string | undefined): Promise<QueryResult<Row>>;
  protected abstract sendScript(script: string): Promise<void>;
  protected abstract guard(): void;
  /** Queries insertRow and the like build once and reuse (built-queries.ts). */
  readonly [builtQueriesKey]: BuiltQueries = builtQueryCache(
    () => this.orm,
    () => this.guard(),
  );
  /** The guards a queued statement runs in its caller's context (handle-guard.ts). */
  readonly [handleGuardKey] = (): void => this.guard();
  abstract transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;

  protected bindBuilders(): void {
    for (const method of builderMethods) {
      const call = (...args: unknown[]): unknown => {
        this.guard();
        return (this.orm[method] as (...a: unknown[]) => unknown).apply(this.orm, args);
      };
      Object.defineProperty(this, method, { value: call, enumerable: false });
    }
  }

  async query<R extends Row = Row>(text: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<R>> {
    this.guard();
    this.statements.check(text);
    const name = options?.name;
    if (name !== undefined) this.names.check(name, text);
    try {
      return (await this.send(text, params, name)) as QueryResult<R>;
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async execute<R extends Row = Row>(query: SQLWrapper): Promise<QueryResult<R>> {
    const compiled = dialect.sqlToQuery(query.getSQL());
    return this.query<R>(compiled.sql, compiled.params);
  }

  async exec(script: string): Promise<void> {
    this.guard();
    this.statements.check(script);
    try {
      await this.sendScript(script);
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }
}

class TransactionHandle extends QueryableBase implements Transaction {
  readonly orm: Orm;

  constructor(
    private readonly connection: DriverConnection,
    readonly depth: number,
    private readonly scopes: AsyncLocalStorage<TransactionScope>,
    private readonly scope: TransactionScope,
    protected readonly statements: TransactionControlGuard,
    protected readonly names: StatementNames,
  ) {
    super();
    this.orm = connection.orm();
    this.bindBuilders();
  }

  protected guard(): void {
    if (!this.scope.active) {
      throw new DashbaseError(
        "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION",
        "this transaction has already finished: run the statement inside the transaction() callback, or on the database handle",
      );
    }
  }

  protected send(text: string, params: readonly unknown[], name: string | undefined): Promise<QueryResult<Row>> {
    return this.connection.query(text, params, name);
  }

  protected sendScript(script: string): Promise<void> {
    return this.connection.exec(script);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.guard();
    const savepoint = `dashbase_sp_${this.depth + 1}`;
    await this.connection.query(`SAVEPOINT ${savepoint}`, []);
    const inner: TransactionScope = { active: true };
    try {
      const result = await this.scopes.run(inner, () =>
        fn(new TransactionHandle(this.connection, this.depth + 1, this.scopes, inner, this.statements, this.names)),
      );
      inner.active = false;
      await this.connection.query(`RELEASE SAVEPOINT ${savepoint}`, []);
      return result;
    } catch (error) {
      inner.active = false;
      await this.connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`, []);
      throw translateDatabaseError(error);
    }
  }
}

class DatabaseHandle extends QueryableBase implements Database {
  readonly orm: Orm;
  readonly driver: Driver["kind"];
  readonly location: string;
  private readonly scopes = new AsyncLocalStorage<TransactionScope>();
  protected readonly statements = new TransactionControlGuard();
  protected readonly names = new StatementNames();
  /** Shared with the read handles: a name stands for one text wherever it is sent. */
  get statementNames(): StatementNames {
    return this.names;
  }
  /** insertRow's lanes on this handle, by table: concurrent inserts go out as one statement (insert-lane.ts). */
  readonly [insertLanesKey] = new WeakMap<object, unknown>();
  /** Transactions begun and not yet finished on this handle. */
  private openTransactions = 0;
  private closed = false;
  private readonly writeProbe: WriteProbe;
  /** See raw-executor.ts: errors pass through untranslated, as the library expects them. */
  readonly [rawExecutorKey]: RawExecutor = {
    executeSql: async (text, values) => {
      this.guard();
      const statements = sqlStatements(text).filter((span) => span.codeStart >= 0);
      if (statements.length > 1 && (values === undefined || values.length === 0)) {
        const first = statements[0]!;
        const last = statements[statements.length - 1]!;
        const word = (span: { codeStart: number; end: number }) => text.slice(span.codeStart, span.end).trim().toUpperCase();
        // A `BEGIN; ...; COMMIT;` script runs its body in the driver's own transaction, which
        // rolls back on an error; sent whole, a failed script would leave a pooled connection
        // (or PGlite's one session) inside an aborted transaction.
        if (word(first) === "BEGIN" && word(last) === "COMMIT") {
          const body = text.slice(statements[1]!.codeStart, last.codeStart);
          await this.impl.transaction((connection) => connection.exec(body));
        } else {
          await this.impl.exec(text);
        }
        return { rows: [], rowCount: 0 };
      }
      return this.impl.query(text, values ?? [], undefined);
    },
  };

  constructor(
    private readonly impl: Driver,
    writeProbeIntervalMs?: number,
  ) {
    super();
    this.writeProbe = new WriteProbe(
      (run) => this.impl.transaction((connection) => run((script) => connection.exec(script))),
      writeProbeIntervalMs,
    );
    this.orm = impl.orm;
    this.driver = impl.kind;
    this.location = impl.location;
    this.bindBuilders();
  }

  /** The checks every statement passes, for the read handles built on this one. */
  usable(): void {
    this.guard();
  }

  readOnly(options: ReadOptions = {}): Database {
    const reads = this.impl.reads;
    if (reads === undefined) return this;
    const after = options.after === undefined ? undefined : parseLsn(options.after);
    return new ReadHandle(this, reads, after);
  }

  async writePosition(): Promise<string | undefined> {
    const reads = this.impl.reads;
    if (reads === undefined) return undefined;
    this.guard();
    try {
      return await reads.writePosition();
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  /** Replica connections open now (0 without replicas). */
  replicaConnections(): number {
    return this.impl.reads?.connections() ?? 0;
  }

  protected guard(): void {
    if (this.closed) {
      throw new DashbaseError("DASHBASE_E_DB_CLOSED", `the database handle (${this.location}) was used after close()`);
    }
    if (this.scopes.getStore()?.active === true) {
      throw new DashbaseError(
        "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION",
        "the outer database handle was used inside a transaction callback: use the `tx` passed to the callback (db.transaction(async (tx) => tx.insert(...))); on the embedded database the outer handle would wait for the transaction forever",
      );
    }
  }

  protected async send(text: string, params: readonly unknown[], name: string | undefined): Promise<QueryResult<Row>> {
    try {
      return await this.impl.query(text, params, name);
    } catch (error) {
      this.writeProbe.noteFailure(error);
      throw error;
    }
  }

  protected async sendScript(script: string): Promise<void> {
    try {
      await this.impl.exec(script);
    } catch (error) {
      this.writeProbe.noteFailure(error);
      throw error;
    }
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.guard();
    const scope: TransactionScope = { active: true };
    this.openTransactions += 1;
    try {
      return await this.impl.transaction((connection) =>
        this.scopes.run(scope, async () => {
          try {
            return await fn(new TransactionHandle(connection, 1, this.scopes, scope, this.statements, this.names));
          } finally {
            scope.active = false;
          }
        }),
      );
    } catch (error) {
      this.writeProbe.noteFailure(error);
      throw translateDatabaseError(error);
    } finally {
      this.openTransactions -= 1;
      // While an AsyncLocalStorage is enabled, Node runs a hook for every promise and async
      // resource of the process (a few percent of a short request). Outside any transaction
      // there is no scope to find, so switch it off until the next run(); anything still
      // running from a finished transaction then reads "no scope", as it would read
      // "inactive scope" otherwise.
      if (this.openTransactions === 0) this.scopes.disable();
    }
  }

  /**
   * Answers `select 1`, and whether a small write succeeds (see write-probe.ts): a database that
   * reads but cannot write (a full disk, read-only) is not ok.
   * @example
   * const { ok, writable } = await db.health();
   */
  async health(): Promise<HealthReport> {
    const started = performance.now();
    try {
      await this.query("select 1");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, driver: this.driver, latencyMs: performance.now() - started, error: message };
    }
    const probe = await this.writeProbe.check();
    const latencyMs = performance.now() - started;
    if (!probe.writable)
      return { ok: false, driver: this.driver, latencyMs, writable: false, error: probe.error ?? "the database refuses writes" };
    return { ok: true, driver: this.driver, latencyMs, writable: true };
  }

  poolStats(): PoolStats {
    return this.impl.poolStats();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.impl.close();
  }
}

/** Reads routed to a replica (see `Database.readOnly`); everything else is the primary handle's. */
class ReadHandle extends QueryableBase implements Database {
  readonly orm: Orm;
  readonly driver: Driver["kind"];
  readonly location: string;
  protected readonly statements = new TransactionControlGuard();
  protected readonly names: StatementNames;

  constructor(
    private readonly primary: DatabaseHandle,
    private readonly reads: ReadDriver,
    private readonly after: bigint | undefined,
  ) {
    super();
    this.names = primary.statementNames;
    this.orm = reads.orm(after);
    this.driver = primary.driver;
    this.location = primary.location;
    this.bindBuilders();
  }

  protected guard(): void {
    this.primary.usable();
  }

  protected send(text: string, params: readonly unknown[], name: string | undefined): Promise<QueryResult<Row>> {
    return this.reads.query(text, params, name, this.after);
  }

  protected sendScript(script: string): Promise<void> {
    return this.reads.exec(script, this.after);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.primary.transaction(fn);
  }

  health(): Promise<HealthReport> {
    return this.primary.health();
  }

  poolStats(): PoolStats {
    return this.primary.poolStats();
  }

  /** The primary handle owns the connections. */
  async close(): Promise<void> {}

  readOnly(options: ReadOptions = {}): Database {
    return options.after === undefined ? this : this.primary.readOnly(options);
  }

  writePosition(): Promise<string | undefined> {
    return this.primary.writePosition();
  }
}

/**
 * Opens the database the environment names: PostgreSQL when DATABASE_URL (or PG*) is set,
 * else the embedded database in `.dashbase/data`.
 * @example
 * const db = await createDatabase();
 * const { rows } = await db.query("select now() as now");
 * await db.close();
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  const settings = options.settings ?? loadSettings().database;
  // Each driver is loaded only when it is used: pg on the embedded database and PGlite on a
  // server would cost start-up time and memory for nothing (issue 15).
  const driver =
    settings.kind === "embedded"
      ? await (
          await import("./drivers/pglite/pglite-driver.js")
        ).openPgliteDriver(settings, {
          ...(options.template === undefined ? {} : { template: options.template }),
          ...(options.reopenIntervalMs === undefined ? {} : { reopenIntervalMs: options.reopenIntervalMs }),
        })
      : await (
          await import("./drivers/node-postgres/pg-driver.js")
        ).openPgDriver(settings, {
          ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
          ...(options.onNotice === undefined ? {} : { onNotice: options.onNotice }),
        });
  return new DatabaseHandle(driver, options.writeProbeIntervalMs);
}
