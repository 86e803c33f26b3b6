/**
 * @module
 * The typed settings dashbase runs on, as read from the environment by `loadSettings`.
 */
import type { ConnectionOptions } from "node:tls";

export type Profile = "development" | "test" | "production";

export interface EmbeddedDatabaseSettings {
  kind: "embedded";
  /** Absolute path of the PGlite data directory; `null` keeps the database in memory. */
  dataDir: string | null;
}

export interface PostgresDatabaseSettings {
  kind: "postgres";
  host: string;
  port: number;
  user: string | undefined;
  password: string | undefined;
  database: string | undefined;
  ssl: false | ConnectionOptions;
  /** The URL as it may be shown: the password replaced by `****`. */
  displayUrl: string;
  pool: PoolSettings;
}

export interface PoolSettings {
  /** Most connections open at once. */
  max: number;
  /** How long a query may wait for a free connection before DASHBASE_E_DB_BUSY. */
  acquireTimeoutMs: number;
  /** Server-side statement_timeout; 0 turns it off. */
  statementTimeoutMs: number;
  /** How long to keep retrying the first connection while the server starts. */
  connectRetryMs: number;
}

export type DatabaseSettings = EmbeddedDatabaseSettings | PostgresDatabaseSettings;

export interface ServerSettings {
  host: string;
  port: number;
  /** Trust X-Forwarded-* headers (behind a load balancer or TLS proxy). */
  trustProxy: boolean;
}

export interface SessionSettings {
  /** From SESSION_SECRET; in development one is generated and kept with the embedded data. */
  secret: string | undefined;
}

export interface Settings {
  profile: Profile;
  database: DatabaseSettings;
  server: ServerSettings;
  session: SessionSettings;
}
