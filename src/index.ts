/**
 * @module
 * dashbase's public API, listed explicitly: nothing else is exported.
 */
export { DashbaseError, isDashbaseError } from "./errors/dashbase-error.js";
export { errorCodes, type ErrorCode } from "./errors/error-codes.js";
export { loadSettings, type LoadSettingsOptions } from "./config/load-settings.js";
export { maskSecrets } from "./config/mask-secret.js";
export type { Settings, Profile, DatabaseSettings, EmbeddedDatabaseSettings, PostgresDatabaseSettings, PoolSettings, ServerSettings, SessionSettings } from "./config/settings.js";
export { createDatabase, type CreateDatabaseOptions } from "./db/create-database.js";
export type { Database, Transaction, Queryable, QueryResult, HealthReport, PoolStats, Orm, DriverKind } from "./db/database.js";
export { translateDatabaseError } from "./db/translate-error.js";
export { validateInsert, validateUpdate, validationError, type FieldProblem } from "./models/model-validators.js";
export { insertRow, updateRows } from "./models/validated-writes.js";
export { createMigrator, type Migrator, type MigratorOptions, type MigrationProgress, type MigrationScript } from "./migrations/migrator.js";
export type { RevisionInfo, RevisionMeta, MigrationReport, MigrationFailure } from "./migrations/revision.js";
export { ensureInternalSchema, internalTableNames } from "./models/internal-tables.js";
export { createStore } from "./store/create-store.js";
export type { Store, OwnerStore, StoreOptions, StoreBackendChoice, SetOptions, UpdateOptions, DeleteOptions } from "./store/store.js";
export { encodeValue, decodeValue } from "./store/value-codec.js";
export { createSessionManager, type Session, type SessionManager, type SessionManagerConfig, type SessionBackendChoice } from "./session/session-manager.js";
export { resolveSessionSecret, sessionSecretPath } from "./session/session-secret.js";
