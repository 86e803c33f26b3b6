/**
 * @module
 * Where and as whom node-postgres connects, from dashbase's server settings: the part the pool
 * and the push listener's own connection share.
 */
import type pg from "pg";
import type { PostgresDatabaseSettings } from "../../../config/settings.js";

/**
 * The server, database, role and TLS of a connection.
 * @example
 * const pool = new pg.Pool({ ...connectionConfig(settings), max: 10 });
 */
export function connectionConfig(settings: PostgresDatabaseSettings): pg.ClientConfig {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ssl: settings.ssl === false ? false : settings.ssl,
  };
}
