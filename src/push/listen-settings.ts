/**
 * @module
 * The connection settings of the one listening connection per process. One function, so that
 * pointing LISTEN elsewhere (a direct URL past a transaction-mode PgBouncer, which cannot hold a
 * LISTEN) is a change here only.
 */
import type pg from "pg";
import type { PostgresDatabaseSettings } from "../config/settings.js";
import { connectionConfig } from "../db/drivers/node-postgres/connection-config.js";

/**
 * The node-postgres client options of the listening connection for a server database.
 * @example
 * const client = new pg.Client(listenConnectionSettings(settings.database));
 */
export function listenConnectionSettings(settings: PostgresDatabaseSettings): pg.ClientConfig {
  return {
    ...connectionConfig(settings),
    application_name: "dashbase-listen",
    keepAlive: true,
    connectionTimeoutMillis: settings.pool.acquireTimeoutMs,
  };
}
