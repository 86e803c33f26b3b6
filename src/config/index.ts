/**
 * @module
 * `dashbase/config`: settings read from the environment, with every problem in one message.
 */
export { loadSettings, type LoadSettingsOptions } from "./load-settings.js";
export { maskSecrets } from "./mask-secret.js";
export type { Settings, Profile, DatabaseSettings, EmbeddedDatabaseSettings, PostgresDatabaseSettings, PoolSettings, ServerSettings, SessionSettings } from "./settings.js";
