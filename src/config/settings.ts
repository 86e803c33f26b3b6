/**
 * @module
 * The typed settings dashbase runs on, as read from the environment by `loadSettings`.
 */
import type { ConnectionOptions } from "node:tls";

export type Profile = "development" | "test" | "production";

/**
 * The parts of the settings, each read and checked only when something asks for it: the `db`
 * tools need the database alone, serving needs all three.
 */
export type SettingsConcern = "database" | "server" | "session";

export interface EmbeddedDatabaseSettings {
  kind: "embedded";
  /** Absolute path of the PGlite data directory; `null` keeps the database in memory. */
  dataDir: string | null;
  /**
   * DASHBASE_EMBEDDED_MEMORY: the embedded database's page cache (PostgreSQL's `shared_buffers`)
   * in MB; absent means the default sized for a small app (see embedded-memory.ts).
   */
  memoryMb?: number;
  /**
   * DASHBASE_EMBEDDED_TIER_UP: false keeps PGlite's WebAssembly compiled by V8's baseline
   * compiler (about 0.6 s quicker starts on two cores and 40 MB less resident memory; heavy queries
   * about 1.4 times slower). Absent means true; the settings read outside production set false.
   */
  tierUp?: boolean;
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
  /**
   * The connection pooler between dashbase and the server (DASHBASE_DB_POOLER); absent means
   * `none`. See `PoolerMode`.
   */
  pooler?: PoolerMode;
  /**
   * The server itself, bypassing the pooler (DATABASE_DIRECT_URL), for session-level work:
   * migrations and LISTEN. Absent when unset; `sessionLevelSettings()` then gives these settings.
   */
  direct?: PostgresDatabaseSettings;
  /** Read replicas (DATABASE_READ_URL) and how far behind one may be; absent when unset. */
  reads?: ReadReplicaSettings;
}

/** Where read-only work may go (see docs/scale-out.md, "Read replicas"). */
export interface ReadReplicaSettings {
  /** One entry per URL in DATABASE_READ_URL (comma-separated), tried in turn. */
  replicas: readonly PostgresDatabaseSettings[];
  /**
   * DASHBASE_DB_READ_MAX_LAG_MS (default 5000): a replica further behind the primary than this
   * is passed over and the read runs on the primary.
   */
  maxLagMs: number;
}

/**
 * How a pooler in front of the server shares its connections:
 * - `none`: dashbase talks to the server (or to a pooler that keeps a client's connection).
 * - `session`: a pooler that gives each client one server connection for its whole session
 *   (PgBouncer `pool_mode = session`): no startup parameters, so the statement timeout is set
 *   with `SET` on each new connection; named statements stay on.
 * - `transaction`: a pooler that may hand each transaction to another server connection
 *   (PgBouncer `pool_mode = transaction`, Supavisor, RDS Proxy): no startup parameters, the
 *   statement timeout is set with `SET LOCAL` inside each transaction, named statements are off.
 */
export type PoolerMode = "none" | "session" | "transaction";

export interface PoolSettings {
  /** Most connections open at once. */
  max: number;
  /** How long a query may wait for a free connection before DASHBASE_E_DB_BUSY. */
  acquireTimeoutMs: number;
  /** Server-side statement_timeout; 0 turns it off. */
  statementTimeoutMs: number;
  /** How long to keep retrying the first connection while the server starts. */
  connectRetryMs: number;
  /**
   * How many app processes share the server, all machines together (DASHBASE_PROCESSES, default
   * 1): only the start-up connection budget check reads it.
   */
  processes?: number;
}

export type DatabaseSettings = EmbeddedDatabaseSettings | PostgresDatabaseSettings;

export interface ServerSettings {
  host: string;
  port: number;
  /** Trust X-Forwarded-* headers (behind a load balancer or TLS proxy). */
  trustProxy: boolean;
  /** DASHBASE_JOBS_WORKERS: false runs no job handlers in this process (web only); absent means true. */
  jobWorkers?: boolean;
  /** DASHBASE_STORE_MAX_KEYS_PER_OWNER: the store's maxKeysPerOwner when createApp's options do not set it. */
  storeMaxKeysPerOwner?: number;
  /** DASHBASE_STORE_MAX_BYTES_PER_OWNER: the store's maxBytesPerOwner when createApp's options do not set it. */
  storeMaxBytesPerOwner?: number;
  /** DASHBASE_REQUEST_LOG: which requests get a log line when the logger is on; absent means every one. */
  requestLog?: RequestLogSetting;
  /**
   * DASHBASE_YOUNG_GENERATION_MB: the cap on V8's young generation while serving (see
   * young-generation.ts); 0 leaves V8's own sizing; absent means the default.
   */
  youngGenerationMb?: number;
  /**
   * DASHBASE_OLD_GENERATION_GROWTH_PERCENT: how far V8's old generation may grow between full
   * collections while serving (see old-generation.ts); 0 leaves V8's own choice; absent means the default.
   */
  oldGenerationGrowthPercent?: number;
}

/**
 * Which requests get a log line: `"off"` none; else those answered 4xx/5xx always, and a share
 * `sampleRate` (0 to 1) of the others: 1 logs every request, 0 only refused and failed ones.
 */
export type RequestLogSetting = "off" | { sampleRate: number };

export interface SessionSettings {
  /** From SESSION_SECRET; in development one is generated and kept with the embedded data. */
  secret: string | undefined;
  /** Sign-in through an OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); absent when unset. */
  oidc?: OidcSettings;
}

/** One OpenID Connect provider, as read from OIDC_* (see read-oidc-settings.ts). */
export interface OidcSettings {
  /** The issuer URL, without a trailing slash; its discovery document is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** Never logged or shown. */
  clientSecret: string;
  /** The sign-in button's text: "Sign in with <label>". */
  label: string;
  /** Space-separated scopes asked for. */
  scopes: string;
}

/** An app's own environment variables, as its `createApp({ env })` schema parsed them. */
export type AppEnv = Readonly<Record<string, unknown>>;

/** Where the settings came from, for tools that say what they act on. */
export interface SettingsOrigin {
  /** The `.env` files read, lowest precedence first (absolute paths); empty when none were. */
  readonly dotenvFiles: readonly string[];
  /**
   * What chose the database: `DASHBASE_DATABASE=embedded`, `DATABASE_URL`, `DASHBASE_DATA_DIR`,
   * the libpq variables set (`PGHOST, PGUSER`), or `default`. Absent when the database was not read.
   */
  readonly databaseSource?: string;
  /** One line, when the environment named both kinds of database: which one was chosen, and why. */
  readonly databaseNotice?: string;
  /** Other things worth saying before acting, one line each (a `.env` value that was ignored). */
  readonly notices: readonly string[];
}

export interface Settings {
  profile: Profile;
  database: DatabaseSettings;
  server: ServerSettings;
  session: SessionSettings;
  /** The app's own variables, when its `env` schema was checked together with these settings. */
  appEnv?: AppEnv;
  /** Set by `loadSettings`; absent on settings written by hand. */
  origin?: SettingsOrigin;
}

/** The settings for some concerns only: what `loadSettings({ concerns })` returns. */
export type SettingsFor<C extends SettingsConcern> = Pick<Settings, "profile" | "appEnv" | "origin" | C>;
