/**
 * @module
 * `dashbase/config`: settings read from the environment (and `.env` files in development), with
 * every problem in one message.
 */
export { loadSettings, type LoadSettingsOptions } from "./load-settings.js";
export { maskSecrets } from "./mask-secret.js";
export { sessionLevelSettings, lacksSessionLevelConnection } from "./session-level-settings.js";
export type { AppEnvSchema } from "./app-env.js";
export type {
  Settings,
  SettingsFor,
  SettingsConcern,
  SettingsOrigin,
  AppEnv,
  Profile,
  DatabaseSettings,
  EmbeddedDatabaseSettings,
  PostgresDatabaseSettings,
  ReadReplicaSettings,
  PoolSettings,
  PoolerMode,
  ServerSettings,
  SessionSettings,
  RequestLogSetting,
} from "./settings.js";
