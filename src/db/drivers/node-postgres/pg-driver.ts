/**
 * @module
 * The server driver: a bounded node-postgres pool with an acquire timeout, a statement timeout,
 * retry while the server starts, and errors that name the host and port.
 *
 * Behind a pooler (DASHBASE_DB_POOLER) nothing is sent as a startup parameter, which PgBouncer
 * refuses ("unsupported startup parameter: statement_timeout"): in session mode the timeout is
 * `SET` once on each new connection; in transaction mode, where the next statement may run on
 * another server connection, it is `SET LOCAL` at the start of each transaction (single
 * statements get the role's or database's own `statement_timeout`), and statement names are
 * dropped, since a statement prepared on one server connection is unknown to the next. With
 * no mode set, a server that refuses the startup parameter is a pooler: the driver then runs
 * as in transaction mode, which is right for either mode, and says so through `onNotice`.
 */
import type pg from "pg";
// Before drizzle's node-postgres driver, which imports pg itself: pg-module.ts loads it first.
import { pgModule } from "../../pg-module.js";
import { connectionConfig } from "./connection-config.js";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PoolerMode, PostgresDatabaseSettings } from "../../../config/settings.js";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { isConnectionError } from "../../translate-error.js";
import type { Orm, QueryResult } from "../../database.js";
import type { Driver, DriverConnection, ReadDriver } from "../../driver.js";
import { rawQueryParsers } from "../../type-parsers.js";
import { ReplicaRouter } from "./replica-router.js";

export interface PgDriverOptions {
  /** Called for errors on idle connections (a server restart); they never crash the process. */
  onIdleError?: (error: Error) => void;
  /** Called with one line when the driver chose something the operator should know about. */
  onNotice?: (message: string) => void;
}

const rawTypes = {
  getTypeParser: (oid: number, format?: string) =>
    rawQueryParsers[oid] ?? (pgModule.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format),
};

// The raw-query parsers are the pool's own (its clients' `types`), not a per-query option: a
// query given as an object is deep-copied by node-postgres on every call. drizzle passes its own
// per-query `types`, so the ORM's results do not change.
// A named statement is prepared once per connection (node-postgres remembers which are).
async function runQuery(
  client: pg.Pool | pg.PoolClient,
  text: string,
  params: readonly unknown[],
  name: string | undefined,
): Promise<QueryResult<Record<string, unknown>>> {
  const result =
    name === undefined
      ? await client.query<Record<string, unknown>>(text, params as unknown[])
      : await client.query<Record<string, unknown>>({ name, text, values: params as unknown[] });
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

function connectionOver(client: pg.PoolClient, named: boolean): DriverConnection {
  return {
    query: (text, params, name) => runQuery(client, text, params, named ? name : undefined),
    exec: async (script) => {
      await client.query(script);
    },
    orm: () => drizzle(client) as unknown as Orm,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const unsupportedStartupParameter = /unsupported startup parameter/i;

/** Opens a pool on the server in `settings`, waiting (with backoff) while it is still starting. */
export async function openPgDriver(settings: PostgresDatabaseSettings, options: PgDriverOptions = {}): Promise<Driver> {
  const pooler = settings.pooler ?? "none";
  try {
    return await openWith(settings, pooler, options);
  } catch (error) {
    if (pooler !== "none" || !unsupportedStartupParameter.test(String(error))) throw error;
    options.onNotice?.(
      `${settings.displayUrl} refused a startup parameter (${error instanceof Error ? error.message : String(error)}): a connection pooler is in front of the server; dashbase runs as with DASHBASE_DB_POOLER=transaction (no named statements, the statement timeout set per transaction). Set DASHBASE_DB_POOLER to the pooler's mode (transaction or session) to say so and skip this first attempt`,
    );
    return openWith({ ...settings, pooler: "transaction" }, "transaction", options);
  }
}

function newPool(settings: PostgresDatabaseSettings, pooler: PoolerMode): pg.Pool {
  const { pool: limits } = settings;
  const timeoutMs = limits.statementTimeoutMs;
  return new pgModule.Pool({
    ...connectionConfig(settings),
    max: limits.max,
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    idleTimeoutMillis: 10_000,
    // PgBouncer accepts application_name (it tracks it per client), not statement_timeout.
    application_name: "dashbase",
    types: rawTypes,
    ...(pooler === "none" && timeoutMs > 0 ? { statement_timeout: timeoutMs } : {}),
    // Awaited by the pool before the new connection is handed out; a failure fails that acquire.
    ...(pooler === "session" && timeoutMs > 0
      ? {
          onConnect: async (client: pg.ClientBase) => {
            await client.query(`SET statement_timeout = ${timeoutMs}`);
          },
        }
      : {}),
  });
}

async function openWith(settings: PostgresDatabaseSettings, pooler: PoolerMode, options: PgDriverOptions): Promise<Driver> {
  const { pool: limits } = settings;
  const timeoutMs = limits.statementTimeoutMs;
  const pool = newPool(settings, pooler);
  // `timeoutMs` is a whole number read by readInteger, so it can be written into the text; one
  // simple-protocol message carries both statements, so the timeout costs no round trip.
  const begin = pooler === "transaction" && timeoutMs > 0 ? `BEGIN; SET LOCAL statement_timeout = ${timeoutMs}` : "BEGIN";
  const named = pooler !== "transaction";
  pool.on("error", (error) => options.onIdleError?.(error));
  const where = `${settings.host}:${settings.port}`;

  /** Maps pool failures to coded errors: a full pool is "busy", anything else "unreachable". */
  const explain = (error: unknown): unknown => {
    if (error instanceof DashbaseError) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (/timeout exceeded when trying to connect/i.test(message)) {
      if (pool.totalCount >= limits.max) {
        return new DashbaseError(
          "DASHBASE_E_DB_BUSY",
          `the database is busy: all ${limits.max} connections stayed in use for ${limits.acquireTimeoutMs} ms; retry shortly, or raise DASHBASE_DB_POOL_MAX (and the server's max_connections)`,
          { cause: error, details: { poolMax: limits.max, waitMs: limits.acquireTimeoutMs } },
        );
      }
      return unreachable(error, where);
    }
    if (isConnectionError(error) && !(error as { code?: string }).code?.match(/^\d/)) return unreachable(error, where);
    return error;
  };

  const acquire = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw explain(error);
    }
  };

  await waitForServer(pool, limits.connectRetryMs, where);
  if (pooler === "transaction" && timeoutMs > 0) await checkRoleTimeout(pool, settings, options);
  let closed = false;
  const router =
    settings.reads === undefined
      ? undefined
      : new ReplicaRouter(
          pool,
          settings.reads,
          // A replica that cannot give a connection within a second is passed over for the primary.
          (replica) =>
            newPool(
              { ...replica, pool: { ...replica.pool, acquireTimeoutMs: Math.min(replica.pool.acquireTimeoutMs, 1_000) } },
              replica.pooler ?? "none",
            ),
          options.onIdleError,
        );
  return {
    kind: "postgres",
    ...(router === undefined ? {} : { reads: readDriver(router, pool, named, explain) }),
    location: settings.displayUrl,
    orm: drizzle(pool) as unknown as Orm,
    query: async (text, params, name) => {
      try {
        return await runQuery(pool, text, params, named ? name : undefined);
      } catch (error) {
        throw explain(error);
      }
    },
    exec: async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        throw explain(error);
      }
    },
    transaction: async (fn) => {
      const client = await acquire();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: a server that goes away between two statements
      // would emit an unhandled 'error' (a crash). The failing statement reports it instead.
      const onLost = (error: Error): void => void (broken ??= error);
      client.on("error", onLost);
      try {
        await client.query(begin);
        const result = await fn(connectionOver(client, named));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw explain(error);
      } finally {
        client.removeListener("error", onLost);
        client.release(broken);
      }
    },
    poolStats: () => ({ max: limits.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), router?.close()]);
    },
  };
}

/** Reads over the router: the same statements and ORM as the primary's, sent where it says. */
function readDriver(router: ReplicaRouter, primary: pg.Pool, named: boolean, explain: (error: unknown) => unknown): ReadDriver {
  return {
    query: async (text, params, name, after) => {
      try {
        return await runQuery(router.target(after) as unknown as pg.Pool, text, params, named ? name : undefined);
      } catch (error) {
        throw explain(error);
      }
    },
    exec: async (script, after) => {
      try {
        await router.target(after).query(script);
      } catch (error) {
        throw explain(error);
      }
    },
    orm: (after) => drizzle(router.target(after) as unknown as pg.Pool) as unknown as Orm,
    writePosition: async () => {
      const { rows } = await primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
      return rows[0]?.lsn ?? "0/0";
    },
    connections: () => router.connections(),
  };
}

function unreachable(error: unknown, where: string): DashbaseError {
  const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
  return new DashbaseError(
    "DASHBASE_E_DB_UNREACHABLE",
    `cannot reach PostgreSQL at ${where} (${reason}): check that the server is running and that DATABASE_URL names the right host and port`,
    { cause: error, details: { where } },
  );
}

/** Retries `select 1` with backoff for up to `retryMs` while the server refuses or is starting up. */
async function waitForServer(pool: pg.Pool, retryMs: number, where: string): Promise<void> {
  const deadline = Date.now() + retryMs;
  let delay = 100;
  for (;;) {
    try {
      await pool.query("select 1");
      return;
    } catch (error) {
      const retryable = isConnectionError(error) || /timeout exceeded when trying to connect/i.test(String(error));
      if (!retryable) {
        await pool.end().catch(() => undefined);
        throw error;
      }
      if (Date.now() + delay > deadline) {
        await pool.end().catch(() => undefined);
        throw unreachable(error, where);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }
}

/**
 * In transaction mode a single statement (outside dashbase's transactions) runs with the
 * server's own statement_timeout: say so when that is off, with the statement that sets it.
 */
async function checkRoleTimeout(pool: pg.Pool, settings: PostgresDatabaseSettings, options: PgDriverOptions): Promise<void> {
  if (options.onNotice === undefined) return;
  const { rows } = await pool.query<{ value: string }>("select current_setting('statement_timeout') as value");
  if (rows[0]?.value !== "0") return;
  const role = settings.user ?? "<role>";
  options.onNotice(
    `behind a transaction-mode pooler, dashbase sets statement_timeout (${settings.pool.statementTimeoutMs} ms) inside its transactions only; single statements run with the server's statement_timeout, which is off for this role: run ALTER ROLE ${role} SET statement_timeout = ${settings.pool.statementTimeoutMs} (or ALTER DATABASE ... SET) on the server`,
  );
}
