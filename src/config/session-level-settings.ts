/**
 * @module
 * Where session-level work connects: a LISTEN that must outlive a transaction, or a lock held
 * across transactions, needs one server connection of its own, which a transaction-mode pooler
 * does not give. DATABASE_DIRECT_URL names the server itself for that work.
 */
import type { DatabaseSettings, PostgresDatabaseSettings } from "./settings.js";

/**
 * The settings for a session-level connection (migrations, LISTEN): the direct connection
 * (DATABASE_DIRECT_URL) when set, else the main one (the server itself, or a pooler the operator
 * accepts); the embedded database is returned as it is.
 * @example
 * const listenerSettings = sessionLevelSettings(settings.database); // DATABASE_DIRECT_URL, or DATABASE_URL
 * const client = new pg.Client({ host: listenerSettings.host, port: listenerSettings.port, ... });
 */
export function sessionLevelSettings<S extends DatabaseSettings>(settings: S): S {
  return settings.kind === "postgres" ? ((settings.direct as S | undefined) ?? settings) : settings;
}

/**
 * True when session-level features cannot work: the main connection goes through a
 * transaction-mode pooler and no DATABASE_DIRECT_URL bypasses it.
 * @example
 * if (lacksSessionLevelConnection(settings.database)) log.warn("set DATABASE_DIRECT_URL for push");
 */
export function lacksSessionLevelConnection(settings: PostgresDatabaseSettings): boolean {
  return settings.direct === undefined && settings.pooler === "transaction";
}
